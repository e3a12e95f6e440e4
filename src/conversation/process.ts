import { and, eq } from 'drizzle-orm';
import type { InboundEvent, OutboundMessage } from '../channels/types';
import { decrypt, encrypt } from '../crypto/keys';
import { newCaseSecret } from '../crypto/random';
import { conversations, inbox, outbox, ticketMessages, tickets } from '../db/schema';
import type { Statement } from '../db/types';
import { initialState, step, type SessionState } from '../flow';
import { referralsFor } from '../referrals/pick';
import { factsFrom } from '../tickets/facts';
import type { TicketRow } from '../tickets/json';
import { notifyStatements } from '../tickets/notifications';
import { addMessage, openTicket, ticketById, updateTicket } from '../tickets/store';
import type { HostDeps } from './deps';
import { inboxContext, outboxContext, stateContext, userContext } from './contexts';
import { interpret } from './interpret';
import { caseSecretHash, readResumeCode, resumeCase } from './resume';
import { render, reporterSummary } from './render';

export type InboxRow = typeof inbox.$inferSelect;

export { inboxContext, outboxContext, userContext } from './contexts';

/**
 * One inbox row, start to finish: session, engine step, ticket writes and the answer to send,
 * committed together with the row's `done` mark so a retry never acts twice.
 */
export async function processInboxRow(
  deps: HostDeps,
  row: InboxRow,
): Promise<{ answered: boolean }> {
  const { database, keys, flow, translator } = deps;
  const { db } = database;
  const event = JSON.parse(await decrypt(keys, row.eventEnc, inboxContext)) as InboundEvent;
  const convoId = row.conversationId;
  const now = new Date(deps.now()).toISOString();

  const convo = (
    await db.select().from(conversations).where(eq(conversations.id, convoId)).limit(1)
  )[0];
  let state: SessionState = convo
    ? JSON.parse(await decrypt(keys, convo.stateEnc, stateContext(convoId)))
    : initialState(flow);
  const statements: Statement[] = [];
  const markDone = () =>
    statements.push(
      // The event is no longer needed once acted on; only its id stays, for dedupe.
      db
        .update(inbox)
        .set({ status: 'done', processedAt: now, eventEnc: '', errorCode: null })
        .where(and(eq(inbox.id, row.id), eq(inbox.status, 'pending'))) as unknown as Statement,
    );

  if (event.payload.kind === 'unfollow') {
    if (convo)
      statements.push(
        db
          .update(conversations)
          .set({ followed: false, notify: false, updatedAt: now })
          .where(eq(conversations.id, convoId)) as unknown as Statement,
      );
    markDone();
    await database.commit(statements);
    return { answered: false };
  }

  /** Session, conversation row, answer and the event's done mark: one commit. */
  const finishTurn = async (turn: {
    messages: OutboundMessage[];
    ticketId: string | null;
    notify: boolean;
    safeMode: boolean;
  }): Promise<{ answered: boolean }> => {
    const stateEnc = await encrypt(keys, JSON.stringify(state), stateContext(convoId));
    const convoValues = {
      stateEnc,
      ticketId: turn.ticketId,
      notify: turn.notify,
      followed: event.payload.kind === 'follow' ? true : (convo?.followed ?? true),
      // Once the reporter says someone may read their phone, nothing is ever pushed to it.
      safeMode:
        (convo?.safeMode ?? false) ||
        turn.safeMode ||
        state.answers.phone_watched === 'yes' ||
        state.answers.phone_watched === 'unsure',
      // Messenger's windows count from the reporter's latest message (redeliveries can be older).
      lastInboundAt: Math.max(convo?.lastInboundAt ?? 0, event.timestamp),
      updatedAt: now,
    };
    if (convo) {
      statements.push(
        db
          .update(conversations)
          .set(convoValues)
          .where(eq(conversations.id, convoId)) as unknown as Statement,
      );
    } else {
      const userEnc = await encrypt(keys, event.userId, userContext(convoId));
      statements.push(
        db.insert(conversations).values({
          id: convoId,
          channel: event.channel,
          userEnc,
          ...convoValues,
        }) as unknown as Statement,
      );
    }

    if (turn.messages.length) {
      statements.push(
        db.insert(outbox).values({
          conversationId: convoId,
          channel: event.channel,
          inboxId: row.id,
          messagesEnc: await encrypt(keys, JSON.stringify(turn.messages), outboxContext(convoId)),
          replyTokenEnc: event.replyToken
            ? await encrypt(keys, event.replyToken, outboxContext(convoId))
            : null,
          replyUntil: event.replyToken ? event.timestamp + deps.replyWindowMs : null,
          retryKey: crypto.randomUUID(),
        }) as unknown as Statement,
      );
    }
    markDone();
    await database.commit(statements);
    for (const f of afterCommit) f();
    return { answered: turn.messages.length > 0 };
  };
  const afterCommit: (() => void)[] = [];
  // A case code and its secret word: this conversation takes over an existing case.
  const code = event.payload.kind === 'text' ? readResumeCode(event.payload.text) : null;
  if (code) {
    const r = await resumeCase(deps, {
      conversationId: convoId,
      channel: event.channel,
      state,
      code,
      now: deps.now(),
      origin: event.origin,
    });
    state = r.state;
    statements.push(...r.statements);
    afterCommit.push(() => deps.log.info(r.log.message, r.log.fields));
    return finishTurn({
      messages: [{ text: translator.forLanguage(state.language ?? 'en')(r.text, r.params) }],
      ticketId: r.ticketId === undefined ? (convo?.ticketId ?? null) : r.ticketId,
      notify: r.carry?.notify ?? convo?.notify ?? false,
      safeMode: r.carry?.safeMode ?? false,
    });
  }

  const { input, notice } = interpret(event.payload, flow, state, translator, deps.commands);
  const wasOpened = state.ticketOpened;
  const notifyBefore = state.answers.notify;
  const result = step(flow, state, input);
  state = result.state;

  // The conversation's case, unless the reporter has since started a new one.
  let ticket: TicketRow | null =
    convo?.ticketId && wasOpened && state.ticketOpened
      ? await ticketById(db, convo.ticketId)
      : null;
  const language = () => state.language ?? ticket?.language ?? 'en';
  const flowRef = { id: flow.id, version: flow.version, hash: flow.hash };
  const params: Record<string, string> = {};
  const saveTicket = (extra: Partial<TicketRow> = {}) => {
    if (!ticket) return;
    const updated = updateTicket(
      db,
      deps.directory,
      ticket,
      factsFrom(state, language()),
      extra,
      now,
    );
    ticket = updated.row;
    return updated.statement;
  };
  const attachWords = async () => {
    for (const w of state.words)
      statements.push(...(await addMessage(db, keys, ticket!.id, 'reporter', event.channel, w)));
    state.words = [];
  };
  let ticketDirty = false;
  let erased = false;

  for (const effect of result.effects) {
    switch (effect.type) {
      case 'words':
        if (ticket && state.ticketOpened)
          statements.push(
            ...(await addMessage(db, keys, ticket.id, 'reporter', event.channel, effect.text)),
          );
        else state.words.push(effect.text);
        break;
      case 'open_ticket':
      case 'file_ticket':
        if (!ticket || effect.type === 'open_ticket') {
          const opened = openTicket(db, deps.directory, {
            facts: factsFrom(state, language()),
            channel: event.channel,
            conversationId: convoId,
            flow: flowRef,
            now,
          });
          ticket = opened.row;
          statements.push(opened.statement);
          const opened_ = {
            ticket: ticket.reference,
            reason: effect.type === 'open_ticket' ? 'danger' : 'confirm',
            urgency: ticket.urgency,
          };
          afterCommit.push(() => deps.log.info('ticket opened', opened_));
          if (effect.type === 'open_ticket') {
            statements.push(...notifyStatements(db, deps.directory, ticket, 'ticket.emergency'));
          }
        }
        await attachWords();
        if (effect.type === 'file_ticket') {
          // The secret is shown once and kept only as a hash, for resuming the case later.
          const secret = newCaseSecret();
          const secretHash = await caseSecretHash(ticket.reference, secret);
          statements.push(
            saveTicket({
              secretHash,
              flowId: flow.id,
              flowVersion: flow.version,
              flowHash: flow.hash,
            })!,
          );
          statements.push(...notifyStatements(db, deps.directory, ticket, 'ticket.filed'));
          params.reference = ticket.reference;
          params.secret = secret;
          params.partner = ticket.partnerId
            ? (deps.directory.byId(ticket.partnerId)?.name ?? '')
            : '';
        }
        break;
      case 'update_ticket':
        ticketDirty = true;
        break;
      case 'delete_data': {
        // The case this chat follows, whatever the session says: the state is already reset.
        const own = convo?.ticketId ? await ticketById(db, convo.ticketId) : null;
        if (own) {
          statements.push(
            db
              .delete(ticketMessages)
              .where(
                and(eq(ticketMessages.ticketId, own.id), eq(ticketMessages.author, 'reporter')),
              ) as unknown as Statement,
            ...(await addMessage(
              db,
              keys,
              own.id,
              'system',
              event.channel,
              'The reporter deleted their messages and left the case: answers can no longer reach them.',
            )),
            db
              .update(tickets)
              .set({ conversationId: null, updatedAt: now })
              .where(
                and(eq(tickets.id, own.id), eq(tickets.conversationId, convoId)),
              ) as unknown as Statement,
          );
        }
        statements.push(
          db
            .update(inbox)
            .set({ eventEnc: '' })
            .where(eq(inbox.conversationId, convoId)) as unknown as Statement,
          // What the bot and staff sent may repeat the answers: it goes too.
          db.delete(outbox).where(eq(outbox.conversationId, convoId)) as unknown as Statement,
        );
        ticket = null;
        erased = true;
        afterCommit.push(() => deps.log.info('reporter data deleted', { event: event.eventId }));
        break;
      }
      case 'case_status':
        if (ticket) {
          params.reference = ticket.reference;
          params.status = translator.forLanguage(language())(`common:case_status.${ticket.status}`);
        }
        break;
      case 'human':
        if (ticket)
          statements.push(
            ...(await addMessage(
              db,
              keys,
              ticket.id,
              'system',
              event.channel,
              'The reporter asked to talk to a person.',
            )),
          );
        break;
      case 'emergency':
      case 'say':
      case 'help':
      case 'services':
      case 'reprompt':
      case 'ask':
      case 'end':
        break;
    }
  }
  // Every answer may change the facts of an open case (urgency, routing, summary).
  if (
    ticket &&
    state.ticketOpened &&
    (ticketDirty || result.effects.some((e) => e.type === 'ask' || e.type === 'end'))
  ) {
    const s = saveTicket();
    if (s) statements.push(s);
  }

  params.summary = reporterSummary(state, translator.forLanguage(language()));
  let messages: OutboundMessage[] = render(result.effects, {
    translator,
    flowLanguages: flow.languages,
    state,
    params,
    referrals: result.effects.some((e) => e.type === 'services')
      ? referralsFor(deps.services, factsFrom(state, language()), new Date(deps.now()))
      : [],
  });
  if (notice) messages = [{ text: translator.forLanguage(language())(notice) }, ...messages];

  return finishTurn({
    messages,
    ticketId: erased ? null : (ticket?.id ?? convo?.ticketId ?? null),
    // Pushes need a fresh yes: an unfollow since then (or safe mode) switches them off.
    notify:
      state.answers.notify !== notifyBefore ||
      (input.type === 'choice' && input.question === 'notify')
        ? state.answers.notify === 'yes'
        : (convo?.notify ?? false),
    safeMode: false,
  });
}

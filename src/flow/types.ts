/** A flow is data: nodes with a kind, texts as i18n keys, and exits. The engine reads it, never I/O. */

export type Answer = string | string[] | null;

export interface OptionDef {
  id: string;
  /** i18n key of the label; defaults to `common:option.<question>.<id>`. */
  label?: string;
  /** A group opens a sub-menu holding these options. */
  children?: OptionDef[];
}

export type Condition =
  | { answer: string; is: string | string[] }
  /** A multi-select answer holding any of these. */
  | { answer: string; includes: string | string[] }
  | { answer: string; isSet: boolean }
  /** The reporter's words suggest options of this question not yet picked nor offered. */
  | { newHints: string };

interface Base {
  id: string;
}

export interface SayNode extends Base {
  kind: 'say';
  text: string;
  next: string;
}
export interface HelpNode extends Base {
  kind: 'help';
  next: string;
}
export interface ChoiceNode extends Base {
  kind: 'choice';
  question: string;
  text: string;
  /** Shown instead of `text` once something is picked in a multi-select question. */
  textMore?: string;
  options: OptionDef[];
  multi?: boolean;
  skip: boolean;
  /** Top-level options are asked under this question id (e.g. `region` above `prefecture`). */
  groupQuestion?: string;
  /** Recorded when skipped, or when `done` is tapped with nothing picked. */
  emptyValue?: Answer;
  /** Offer first the options the reporter's own words suggest (category hints). */
  hints?: boolean;
  /** Shown instead of `text` when hinted options are offered; `{{hints}}` lists them. */
  textHinted?: string;
  next: string;
}
export interface YesNoNode extends Base {
  kind: 'yesno';
  question: string;
  text: string;
  unsure: boolean;
  skip: boolean;
  /** Asked only if not answered yet (e.g. `safe_now`, already asked after a danger word). */
  once?: boolean;
  next: string;
}
export interface TextNode extends Base {
  kind: 'text';
  question: string;
  text: string;
  skip: boolean;
  /** Asked only if not answered yet (when a later question sends the reporter back). */
  once?: boolean;
  next: string;
}
export interface SetNode extends Base {
  kind: 'set';
  values: Record<string, Answer>;
  next: string;
}
export interface BranchNode extends Base {
  kind: 'branch';
  cases: { when: Condition; next: string }[];
  otherwise: string;
}
/** The public services that fit the case (the host looks them up and says if they are open). */
export interface ServicesNode extends Base {
  kind: 'services';
  next: string;
}
export interface TicketNode extends Base {
  kind: 'ticket';
  next: string;
}
export interface EndNode extends Base {
  kind: 'end';
  text?: string;
  /** End without keeping anything the reporter said (consent refused). */
  discard: boolean;
}

/** Back to the question a detour (the safety questions) interrupted, else on to `next`. */
export interface ResumeNode extends Base {
  kind: 'resume';
  next: string;
}

export type FlowNode =
  | ResumeNode
  | SayNode
  | HelpNode
  | ChoiceNode
  | YesNoNode
  | TextNode
  | SetNode
  | BranchNode
  | TicketNode
  | ServicesNode
  | EndNode;

export type InputNode = ChoiceNode | YesNoNode | TextNode;

export interface Flow {
  id: string;
  version: number;
  /** sha256 of the flow file, so a ticket says exactly which text it was filed under. */
  hash: string;
  start: string;
  /** Where a danger word leads (after the emergency help), before resuming the intake. */
  onDanger?: string;
  nodes: Record<string, FlowNode>;
  /** Languages that have every text of this flow (filled in by the loader). */
  languages: string[];
}

export type Command =
  | 'restart'
  | 'language'
  | 'help'
  | 'delete'
  /** How is my case, or how to continue one from another app (Messenger's menu and typed). */
  | 'case'
  /** Talk to a person: staff answer in the chat. */
  | 'human'
  | 'safety';
export type DangerCategory = 'violence' | 'self_harm';

export type Input =
  | { type: 'start' }
  /** `language`: the language the text seems to be in (a hint, used only while none is set). */
  | {
      type: 'text';
      text: string;
      danger?: DangerCategory;
      language?: string;
      /** Options the words suggest (category ids), for the reporter to confirm. */
      hints?: string[];
      /** Flags the words reveal on their own (e.g. `threat_to_family`). */
      flags?: string[];
    }
  | { type: 'choice'; question: string; choice: string }
  | { type: 'command'; command: Command };

/** Where the reporter is inside a menu: an open sub-menu and a page. */
export interface MenuPosition {
  group: string | null;
  page: number;
}

export interface SessionState {
  v: 1;
  flowId: string;
  flowVersion: number;
  flowHash: string;
  node: string | null;
  language: string | null;
  answers: Record<string, Answer>;
  menu: MenuPosition;
  /** Reporter's own words not yet attached to a ticket. */
  words: string[];
  /** Categories added only because of a danger word (dropped again on `safe_now=yes`). */
  danger: DangerCategory[];
  ticketOpened: boolean;
  /** Where to go back to after a `language` command or a pending confirmation. */
  returnTo: string | null;
  /** The language was guessed from the first message: offer a one-tap change until an answer. */
  languageGuessed?: boolean;
  /** In the detour a danger word started (so another danger word does not start it again). */
  detour?: boolean;
  /** The question the detour interrupted, asked again when it ends. */
  resumeAt?: string | null;
  pending: 'delete' | null;
  ended: boolean;
  /** Options the reporter's words suggested, and those already offered at a menu. */
  hints?: string[];
  hintsOffered?: string[];
  /** Flags from the reporter's words. */
  textFlags?: string[];
}

export interface PresentedOption {
  /** The question id the postback carries (`q`). */
  question: string;
  id: string;
  /** i18n key of the label. */
  label: string;
  /** Postback data when it is not `q=<question>&choice=<id>` (a command button). */
  data?: string;
}

export type Effect =
  | { type: 'emergency'; category: DangerCategory }
  | { type: 'say'; text: string }
  | { type: 'help' }
  /** The state of the reporter's own case (reference and status are filled in by the host). */
  | { type: 'case_status' }
  /** The reporter asked for a person: the host notes it on their case. */
  | { type: 'human' }
  | { type: 'services' }
  | { type: 'reprompt'; reason: 'stale' | 'unknown' | 'flow_changed' }
  | {
      type: 'ask';
      question: string;
      text: string;
      options: PresentedOption[];
      numbered: boolean;
      /** Label keys of the hinted options, for the `{{hints}}` of the text. */
      hinted?: string[];
    }
  | { type: 'words'; text: string }
  /** A danger word opens the case at once, before the intake is complete. */
  | { type: 'open_ticket'; reason: 'danger' }
  /** The reporter confirmed: create or complete the case and give its code. */
  | { type: 'file_ticket' }
  /** Facts changed on an open case (a later danger word). */
  | { type: 'update_ticket' }
  | { type: 'delete_data' }
  | { type: 'end'; discard: boolean };

export interface StepResult {
  state: SessionState;
  effects: Effect[];
}

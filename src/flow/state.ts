import type { Flow, FlowNode, InputNode, SessionState } from './types';

/** System texts that belong to no flow. */
export const SYS = {
  deleteConfirm: 'common:system.delete_confirm',
  deleteCancelled: 'common:system.delete_cancelled',
  addedToCase: 'common:system.added_to_case',
  typeNotChoice: 'common:system.please_choose',
  deleted: 'common:system.deleted',
  caseOpen: 'common:system.case_open',
  commands: 'common:system.commands',
  safetyTips: 'common:system.safety_tips',
  humanCase: 'common:system.human_case',
  humanNoCase: 'common:system.human_no_case',
  resumeHow: 'common:system.resume_how',
} as const;

export function initialState(flow: Flow, language: string | null = null): SessionState {
  return {
    v: 1,
    flowId: flow.id,
    flowVersion: flow.version,
    flowHash: flow.hash,
    node: null,
    language,
    answers: {},
    menu: { group: null, page: 0 },
    words: [],
    danger: [],
    ticketOpened: false,
    returnTo: null,
    pending: null,
    ended: false,
  };
}

export const isInputNode = (n: FlowNode): n is InputNode =>
  n.kind === 'choice' || n.kind === 'yesno' || n.kind === 'text';

export const currentNode = (flow: Flow, state: SessionState): InputNode | null => {
  const n = state.node ? flow.nodes[state.node] : undefined;
  return n && isInputNode(n) ? n : null;
};

/** The node asking for the reporter's language, used by the `language` command. */
export const languageNode = (flow: Flow): InputNode | null =>
  Object.values(flow.nodes).find(
    (n): n is InputNode => isInputNode(n) && n.question === 'language',
  ) ?? null;

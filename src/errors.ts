/** The one error type of the app; `app.ts` maps it to HTTP in one place. */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'invalid_query'
  | 'unauthorized'
  | 'not_found'
  | 'payload_too_large'
  | 'invalid_signature'
  | 'channel_disabled'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  invalid_query: 400,
  unauthorized: 401,
  invalid_signature: 401,
  not_found: 404,
  channel_disabled: 404,
  payload_too_large: 413,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return STATUS[this.code];
  }
}

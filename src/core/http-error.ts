/**
 * The one error that carries an HTTP status, decided where it is thrown (like hono's HTTPException): whatever
 * answers over HTTP turns it into an application error with that status and the error's message.
 */

/** The statuses a refusal of input may carry. */
export type RefusalStatus = 400 | 403 | 404;

/** An error whose HTTP status is decided where it is thrown. */
export class HttpError extends Error {
  override name = 'HttpError';
  /** The status the control plane answers with. */
  readonly status: RefusalStatus;
  constructor(message: string, status: RefusalStatus = 400, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

/** Control input the fake refuses (a bad fault, state, setting or filter); the control plane answers with `status`. */
export class ControlError extends HttpError {
  override name = 'ControlError';
}

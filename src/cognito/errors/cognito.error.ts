/**
 * Base of every failure the module reports at request time. Each subclass names one way to fail
 * and carries a stable `code` and a message that never contains a token, code or secret. Nothing
 * here knows about HTTP: `errorResponse()` maps an error to its answer, once, at the edge.
 */
export abstract class CognitoError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

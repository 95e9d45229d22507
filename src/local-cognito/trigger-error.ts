/**
 * A Lambda trigger made the request fail, as in Cognito: the handler threw ("failed"), or its
 * response broke Cognito's rules ("invalid-response"). Each edge maps it once: the hosted UI
 * shows the message, the token endpoint answers `invalid_request`, the user-pool API answers
 * `UserLambdaValidationException` or `InvalidLambdaResponseException`.
 */
export class TriggerError extends Error {
  constructor(readonly kind: 'failed' | 'invalid-response', message: string) {
    super(message);
    this.name = 'TriggerError';
  }

  get apiErrorType(): 'UserLambdaValidationException' | 'InvalidLambdaResponseException' {
    return this.kind === 'failed' ? 'UserLambdaValidationException' : 'InvalidLambdaResponseException';
  }
}

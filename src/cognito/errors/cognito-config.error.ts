/** Thrown at start-up for a bad option; the message names the option and what is expected. */
export class CognitoConfigError extends Error {
  constructor(
    readonly option: string,
    expected: string,
    got?: string,
  ) {
    super(`Invalid Cognito option "${option}": expected ${expected}${got === undefined ? '' : `, got ${got}`}.`);
    this.name = 'CognitoConfigError';
  }
}

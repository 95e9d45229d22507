/**
 * An error of the user-pool API, named by Cognito's exception type (`NotAuthorizedException`,
 * `InvalidParameterException`, ...). The route turns it into a 400 with `__type` and `message`,
 * the shape the AWS SDK reads. Types and messages follow the Cognito API reference, e.g.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html#API_InitiateAuth_Errors
 */
export class ApiError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notAuthorized = (message: string) => new ApiError('NotAuthorizedException', message);
export const invalidParameter = (message: string) => new ApiError('InvalidParameterException', message);

/** Cognito's wording for a missing member ("1 validation error detected: ..."). */
export function missingMember(member: string): ApiError {
  return invalidParameter(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
}

import { AccessTokenRejectedError, CognitoBadResponseError, CognitoUnavailableError, InvalidRequestError } from '../errors/oauth.errors.js';
import type { HttpFetch } from './cognito-token-client.js';
import { readJsonObject } from './read-json-object.js';

/** What `GetUser` answers (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html). */
export interface CognitoUser {
  username: string;
  /** The user's attributes by name, e.g. `email`, `email_verified` (as Cognito gives them: strings). */
  attributes: Record<string, string>;
}

// Errors that mean the access token is not (or no longer) good for this call.
const TOKEN_ERRORS = new Set(['NotAuthorizedException', 'UserNotFoundException', 'PasswordResetRequiredException', 'UserNotConfirmedException']);

/**
 * The part of Cognito's user-pool API an app calls with a user's own access token, over its JSON
 * protocol (`POST /`, `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`); no AWS
 * credentials are involved.
 */
export class CognitoUserPoolApi {
  constructor(
    private readonly endpoint: string,
    private readonly timeout: number,
    private readonly fetch: HttpFetch = globalThis.fetch,
  ) {}

  async getUser(accessToken: string): Promise<CognitoUser> {
    const body = await this.call('GetUser', { AccessToken: accessToken });
    const attributes = Array.isArray(body.UserAttributes) ? body.UserAttributes : [];
    if (typeof body.Username !== 'string') throw new CognitoBadResponseError('Cognito GetUser answered without a user');
    return {
      username: body.Username,
      attributes: Object.fromEntries(
        attributes
          .filter((a): a is { Name: string; Value: string } => typeof a?.Name === 'string' && typeof a?.Value === 'string')
          .map((a) => [a.Name, a.Value]),
      ),
    };
  }

  /** Ends every refresh token of the user (all devices and app clients), and their tokens at Cognito's endpoints. */
  async globalSignOut(accessToken: string): Promise<void> {
    await this.call('GlobalSignOut', { AccessToken: accessToken });
  }

  private async call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
        body: JSON.stringify(input),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeout),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'is unreachable';
      throw new CognitoUnavailableError(`Cognito ${operation} ${reason}`);
    }
    const body = await readJsonObject(response);
    if (response.ok && body !== undefined) return body;
    // Cognito names the error in `__type` (sometimes as `namespace#Name`).
    const type = typeof body?.__type === 'string' ? body.__type.split('#').pop()! : undefined;
    if (type !== undefined && TOKEN_ERRORS.has(type)) throw new AccessTokenRejectedError(`Cognito ${operation} refused the access token (${type})`);
    if (response.status === 400 && type !== undefined) throw new InvalidRequestError(`Cognito ${operation} refused the request (${type})`);
    throw new CognitoBadResponseError(`Cognito ${operation} answered ${response.status}`);
  }
}

import { randomUUID } from 'node:crypto';
import { ApiError } from './api-error.js';
import { getTokensFromRefreshToken, initiateAuth } from './api-auth.js';
import { getUser, globalSignOut, revokeToken } from './api-user.js';
import type { ProviderContext } from './context.js';
import type { ParsedRequest, Reply } from './http.js';
import { TriggerError } from './trigger-error.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const AMZ_JSON = 'application/x-amz-json-1.1';

type Operation = (ctx: ProviderContext, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** The operations an app calls with a user's token or its client id; no AWS credentials needed. */
const OPERATIONS: Record<string, Operation> = {
  InitiateAuth: initiateAuth,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
  GetUser: getUser,
  GlobalSignOut: globalSignOut,
  RevokeToken: revokeToken,
};

/**
 * `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`: Cognito's JSON 1.1 wire
 * protocol, so `@aws-sdk/client-cognito-identity-provider` works with `endpoint: idp.url`.
 */
export function userPoolApiRoute(ctx: ProviderContext) {
  return async (request: ParsedRequest): Promise<Reply> => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (!target.startsWith(TARGET_PREFIX)) return errorReply(new ApiError('UnknownOperationException', `X-Amz-Target must be ${TARGET_PREFIX}<Operation>`));
    const name = target.slice(TARGET_PREFIX.length);
    const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
    if (!operation) {
      return errorReply(new ApiError('UnknownOperationException', `local-cognito does not implement ${name}; it serves ${Object.keys(OPERATIONS).join(', ')}`));
    }
    if (request.contentType !== AMZ_JSON && request.contentType !== 'application/json') {
      return errorReply(new ApiError('SerializationException', `Content-Type must be ${AMZ_JSON}`));
    }
    let input: unknown;
    try {
      input = JSON.parse(request.body || '{}');
    } catch {
      return errorReply(new ApiError('SerializationException', 'the request body is not valid JSON'));
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return errorReply(new ApiError('SerializationException', 'the request body must be a JSON object'));
    try {
      return reply(200, await operation(ctx, input as Record<string, unknown>));
    } catch (error) {
      if (error instanceof ApiError) return errorReply(error);
      if (error instanceof TriggerError) return errorReply(new ApiError(error.apiErrorType, error.message));
      throw error;
    }
  };
}

function errorReply(error: ApiError): Reply {
  return reply(400, { __type: error.type, message: error.message }, { 'x-amzn-ErrorType': `${error.type}:` });
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': AMZ_JSON, 'x-amzn-RequestId': randomUUID(), 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'x-amzn-RequestId, x-amzn-ErrorType', ...headers },
    body: JSON.stringify(body),
  };
}

import { HttpException, IntrinsicException } from '@nestjs/common';
import type { CognitoError } from '../errors/cognito.error.js';
import { errorResponse, type CognitoErrorBody } from '../errors/error-response.js';

// GraphQL has no statuses; these are the codes GraphQL servers and clients use for them.
const GRAPHQL_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE' };

// @nestjs/websockets is an optional peer, loaded only when a WebSocket request fails.
let websockets: Promise<typeof import('@nestjs/websockets')> | undefined;

/**
 * A refused GraphQL operation. graphql-js gives the error it reports the `extensions` of the error
 * a resolver throws, so clients see the same `GraphQLError` shape; and as an `IntrinsicException`
 * (like `HttpException`) Nest does not log it as an unexpected error with its stack.
 */
export class CognitoGraphqlError extends IntrinsicException {
  constructor(
    message: string,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CognitoGraphqlError';
  }
}

/**
 * What a failure becomes in the transport it happened in: the `errorResponse()` answer as an
 * `HttpException` (its headers written by `setHeader`), as a GraphQL error whose extensions carry
 * the same `statusCode`, `error` and `reason` plus an `UNAUTHENTICATED`/`FORBIDDEN` code, or as a
 * `WsException` carrying the body, which socket.io clients receive as an `exception` event.
 */
export async function failureException(type: string, error: CognitoError, setHeader?: (name: string, value: string) => void): Promise<Error> {
  const { status, body, headers } = errorResponse(error);
  if (type === 'graphql') return new CognitoGraphqlError(body.message, { code: GRAPHQL_CODES[status] ?? 'BAD_REQUEST', ...withoutMessage(body) });
  if (type === 'ws') {
    const { WsException } = await (websockets ??= import('@nestjs/websockets'));
    return new WsException(body);
  }
  if (setHeader) for (const [name, value] of Object.entries(headers)) setHeader(name, value);
  return new HttpException(body, status);
}

function withoutMessage({ message: _message, ...rest }: CognitoErrorBody): Omit<CognitoErrorBody, 'message'> {
  return rest;
}

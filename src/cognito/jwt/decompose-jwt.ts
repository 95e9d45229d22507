import { JwtMalformedError } from './jwt.errors.js';

/** A compact JWS split into its parts, header and payload parsed once. */
export interface DecomposedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `base64url(header).base64url(payload)`: the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parseSegment(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new JwtMalformedError(`token ${what} is not base64url-encoded JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new JwtMalformedError(`token ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Splits a compact JWS strictly: exactly three non-empty base64url segments. */
export function decomposeJwt(token: string): DecomposedJwt {
  const first = token.indexOf('.');
  const second = first === -1 ? -1 : token.indexOf('.', first + 1);
  if (second === -1 || token.indexOf('.', second + 1) !== -1) {
    throw new JwtMalformedError('token is not a JWT of three dot-separated segments');
  }
  const headerPart = token.slice(0, first);
  const payloadPart = token.slice(first + 1, second);
  const signaturePart = token.slice(second + 1);
  if (!BASE64URL.test(headerPart) || !BASE64URL.test(payloadPart) || !BASE64URL.test(signaturePart)) {
    throw new JwtMalformedError('token segments are not base64url');
  }
  return {
    header: parseSegment(headerPart, 'header'),
    payload: parseSegment(payloadPart, 'payload'),
    signingInput: token.slice(0, second),
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

import { JwtMalformedError } from '../errors/jwt.errors.js';
import { parseJsonWithoutPrototypeKeys } from './safe-json.js';

/** A compact JWS split into its parts, header and payload parsed once. */
export interface DecomposedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `base64url(header).base64url(payload)`: the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

// RFC 7515 §2: base64url without padding. Node's decoder would also take `+`, `/`, `=` and
// whitespace, silently, so the alphabet is checked first.
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parseSegment(segment: string, what: string): Record<string, unknown> {
  if (!BASE64URL.test(segment)) throw new JwtMalformedError('token segments are not base64url');
  let value: unknown;
  try {
    value = parseJsonWithoutPrototypeKeys(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new JwtMalformedError(`token ${what} is not base64url-encoded JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new JwtMalformedError(`token ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

// Cognito signs with two keys, so a handful of distinct headers covers all real traffic.
const headers = new Map<string, Record<string, unknown>>();
const MAX_HEADERS = 16;

function parseHeader(segment: string): Record<string, unknown> {
  let header = headers.get(segment);
  if (header === undefined) {
    header = Object.freeze(parseSegment(segment, 'header'));
    if (headers.size >= MAX_HEADERS) headers.clear();
    headers.set(segment, header);
  }
  return header;
}

/**
 * Splits a compact JWS strictly: exactly three non-empty base64url segments (RFC 7515 §7.1). The
 * header and payload are checked against the base64url alphabet even though the signature covers
 * them, so that no signed token decodes to bytes other than those it spells; the signature must be
 * canonical base64url, so one token has one spelling only. Payload keys that could reach a
 * prototype are dropped (see safe-json.ts).
 */
export function decomposeJwt(token: string): DecomposedJwt {
  const first = token.indexOf('.');
  const second = first === -1 ? -1 : token.indexOf('.', first + 1);
  if (second === -1 || token.indexOf('.', second + 1) !== -1) {
    throw new JwtMalformedError('token is not a JWT of three dot-separated segments');
  }
  const payloadPart = token.slice(first + 1, second);
  const signaturePart = token.slice(second + 1);
  if (first === 0 || payloadPart.length === 0) throw new JwtMalformedError('token segments are not base64url');
  const signature = Buffer.from(signaturePart, 'base64url');
  if (signature.length === 0 || signature.toString('base64url') !== signaturePart) {
    throw new JwtMalformedError('token signature is not canonical base64url');
  }
  return {
    header: parseHeader(token.slice(0, first)),
    payload: parseSegment(payloadPart, 'payload'),
    signingInput: token.slice(0, second),
    signature,
  };
}

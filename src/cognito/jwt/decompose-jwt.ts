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

/**
 * RFC 7515 §2: base64url without padding. Node's decoder also takes `+`, `/`, `=` and whitespace,
 * silently; re-encoding and comparing refuses them, and non-canonical trailing bits too, at less
 * than half the cost of a regex over the segment.
 */
function decodeBase64url(segment: string): Buffer {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.length === 0 || bytes.toString('base64url') !== segment) throw new JwtMalformedError('token segments are not base64url');
  return bytes;
}

function parseSegment(segment: string, what: string): Record<string, unknown> {
  const bytes = decodeBase64url(segment);
  let value: unknown;
  try {
    value = parseJsonWithoutPrototypeKeys(bytes.toString('utf8'));
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
 * header and payload must be canonical base64url even though the signature covers them, so that
 * no signed token decodes to bytes other than those it spells, and the signature too, so that one
 * token has one spelling only. Payload keys that could reach a prototype are dropped (see
 * safe-json.ts).
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
  const signature = decodeBase64url(signaturePart);
  return {
    header: parseHeader(token.slice(0, first)),
    payload: parseSegment(payloadPart, 'payload'),
    signingInput: token.slice(0, second),
    signature,
  };
}

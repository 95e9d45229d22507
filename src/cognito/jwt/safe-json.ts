// Keys that reach an object's prototype once claims are copied with Object.assign (`__proto__` is a
// setter there) or merged by a deep-merge helper (`constructor.prototype`).
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function dropPrototypeKeys(key: string, value: unknown): unknown {
  return PROTOTYPE_KEYS.has(key) ? undefined : value;
}

/**
 * JSON.parse, without keys named `__proto__`, `constructor` or `prototype` at any depth.
 *
 * Dropped, not refused: in a correctly signed token such a claim comes from the issuer itself (a
 * pre token generation Lambda may add any claim name), so refusing would lock every user of that
 * pool out, while no check of ours reads these names. A reviver makes parsing several times slower,
 * so it runs only when the text could hold such a key: spelled out, or hidden behind a `\u` escape.
 */
export function parseJsonWithoutPrototypeKeys(text: string): unknown {
  const suspicious =
    text.includes('__proto__') || text.includes('constructor') || text.includes('prototype') || text.includes('\\u');
  return suspicious ? JSON.parse(text, dropPrototypeKeys) : JSON.parse(text);
}

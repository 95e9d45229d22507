/**
 * Seeded randomness for the reliability suites: every random input comes from here, so a failure
 * reproduces with `RELIABILITY_SEED=<seed>` (the seed is in every assertion message).
 */
export const SEED = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) >>> 0 : 0x5eed_2024;

/** mulberry32: tiny, fast, and good enough to pick fuzz cases. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Chooses by weight: `[[3, a], [1, b]]` gives a three times as often as b. */
  weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
    const total = choices.reduce((sum, [w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [w, value] of choices) {
      roll -= w;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }

  /** Characters Node's HTTP client accepts in a header value: tab, printable ASCII and 0x80-0xff (raw bytes). */
  headerText(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      const roll = this.next();
      out += roll < 0.05 ? '\t' : roll < 0.8 ? String.fromCharCode(this.int(0x20, 0x7e)) : String.fromCharCode(this.int(0x80, 0xff));
    }
    return out;
  }

  /** Text from every plane of Unicode (lone surrogates included), for values that get percent- or UTF-8-encoded. */
  unicode(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      const kind = this.int(0, 4);
      const code = kind === 0 ? this.int(0, 0x7f) : kind === 1 ? this.int(0x80, 0x7ff) : kind === 2 ? this.int(0x800, 0xffff) : kind === 3 ? this.int(0x10000, 0x10ffff) : this.pick([0, 0x2028, 0xfeff, 0xd800, 0xdfff, 0x202e]);
      out += String.fromCodePoint(code);
    }
    return out;
  }

  /** UTF-8 bytes as a latin1 string: what a UTF-8 header value is on the wire. */
  utf8Header(length: number): string {
    // Control characters other than tab cannot be sent in a header (see sendRaw for those).
    return Buffer.from(this.unicode(length).replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' '), 'utf8').toString('latin1');
  }

  /** Characters of base64url, the alphabet of tokens and sealed cookies. */
  base64url(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, 63)];
    return out;
  }

  /** A length that is usually small and sometimes large: fuzzers find more at the edges. */
  length(max: number): number {
    return this.weighted([
      [5, this.int(0, 16)],
      [3, this.int(17, 256)],
      [1, this.int(257, max)],
      [1, this.pick([0, 1, 2047, 2048, 2049, 4096, 8191, 8192, 8193].filter((n) => n <= max))],
    ]);
  }
}

/** Mutations of a real value (a token, a sealed cookie): each returns something other than the input. */
export function mutate(random: Random, value: string): string {
  const segments = value.split('.');
  const mutated = random.weighted<() => string>([
    [3, () => value.slice(0, random.int(0, value.length - 1))],
    [3, () => {
      // One flipped bit in one character (kept within printable ASCII so it stays a header).
      const i = random.int(0, value.length - 1);
      const code = value.charCodeAt(i) ^ (1 << random.int(0, 6));
      const c = code < 0x20 || code > 0x7e ? '~' : String.fromCharCode(code);
      return value.slice(0, i) + c + value.slice(i + 1);
    }],
    [2, () => {
      const i = random.int(0, value.length - 1);
      return value.slice(0, i) + random.base64url(random.int(1, 8)) + value.slice(i + random.int(0, 8));
    }],
    [2, () => {
      const a = random.int(0, segments.length - 1);
      const b = random.int(0, segments.length - 1);
      const copy = [...segments];
      [copy[a], copy[b]] = [copy[b]!, copy[a]!];
      return copy.join('.');
    }],
    [1, () => segments.filter((_, i) => i !== random.int(0, segments.length - 1)).join('.')],
    [1, () => [...segments, random.pick(segments)].join('.')],
    [1, () => segments.map((s) => (random.bool(0.3) ? '' : s)).join('.')],
    [1, () => value + value],
    [1, () => value.replace(/[A-Za-z]/g, (c) => (random.bool(0.02) ? c.toUpperCase() === c ? c.toLowerCase() : c.toUpperCase() : c))],
    [1, () => `${value}${random.pick(['.', '..', '=', '==', ' ', '%', '\t'])}`],
  ])();
  return mutated === value ? `${value}x` : mutated;
}

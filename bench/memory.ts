import { CognitoJwtVerifier, resolveCognitoOptions } from '../src/cognito/index.js';
import { CLIENT_ID, POOL_ID, readConfig, report } from './common.js';

/**
 * Memory: verifies the distinct tokens streamed on stdin (one per line, minted by the orchestrator
 * as we go, never all held) through our verifier with its default cache size, and reads RSS and
 * heap after a full GC before the first and at each quarter.
 */
const config = readConfig();
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

interface Sample {
  tokens: number;
  rssMb: number;
  heapUsedMb: number;
}

function sample(tokens: number): Sample {
  gc!();
  gc!();
  const { rss, heapUsed } = process.memoryUsage();
  return { tokens, rssMb: rss / 2 ** 20, heapUsedMb: heapUsed / 2 ** 20 };
}

async function main(): Promise<void> {
  const verifier = new CognitoJwtVerifier(resolveCognitoOptions({ userPoolId: POOL_ID, clientId: CLIENT_ID, jwksUri: config.jwksUri }));
  await verifier.onModuleInit();
  const total = config.memoryTokens;
  const quarter = Math.ceil(total / 4);
  const samples: Sample[] = [];
  let verified = 0;
  let rest = '';
  const started = performance.now();
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const token of lines) {
      // The first token also fetches nothing (the JWKS is warm) but loads the verify path once.
      await verifier.verify(token);
      verified++;
      if (verified === 1) samples.push(sample(verified));
      else if (verified % quarter === 0 || verified === total) samples.push(sample(verified));
    }
  }
  if (verified !== total) throw new Error(`verified ${verified} tokens, expected ${total}`);
  report({ samples, seconds: (performance.now() - started) / 1000 });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

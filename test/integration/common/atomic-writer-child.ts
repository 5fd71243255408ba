// Child of atomic-file-crash.test.ts: rewrites one file through writeFileAtomic as fast as it
// can, each time with the next generation's full content, until it is SIGKILLed. It resumes
// from the generation on disk, so every run replaces what the previous (killed) run left.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../../src-main/common/atomic-file';
import { contentOf, generationOf } from './atomic-content';

const target = process.argv[2]!;
let generation = generationOf(readFileSync(target, 'utf8')) ?? 0;
process.stdout.write('writing\n');
for (;;) {
  generation += 1;
  await writeFileAtomic(target, contentOf(generation));
}

/**
 * zod as the whole code base uses it: the mini build, whose checks are plain functions that a bundle
 * takes only when it uses them (about 15 kB and 3 ms of cold load, against about 85 kB and 10 ms for
 * the classic build: see `npm run bench`), with the English messages mini does not load by itself.
 * Import it as `import * as z from '<path>/lib/zod.ts'`.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';

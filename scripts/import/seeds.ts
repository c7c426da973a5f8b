/** Loading the four seeds, with 000 repaired (fallback: 001's clean copy, then clean-text frequency). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { charFrequencies, Reference, repairText, type RepairStats } from './encoding.ts';

export const SEED_FILES = {
  s000: '000_1f897089f43dfe21.txt',
  s001: '001_74e3fb29f6d16c8a.txt',
  s002: '002_e23c55591a5920ef.txt',
  s003: '003_c75fd89e10dfb6ba.txt',
} as const;

/** The seeds live in the repository, byte for byte as the user exported them (see .gitattributes). */
export const SEED_DIR = fileURLToPath(new URL('./seeds/', import.meta.url));

export interface Seeds {
  s000: string;
  s001: string;
  s002: string;
  s003: string;
  repair: RepairStats;
}

const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8').replace(/\r\n?/g, '\n');

export function loadSeeds(dir: string = SEED_DIR): Seeds {
  const s001 = read(dir, SEED_FILES.s001);
  const s002 = read(dir, SEED_FILES.s002);
  const s003 = read(dir, SEED_FILES.s003);
  const raw000 = read(dir, SEED_FILES.s000);
  const { text: s000, stats } = repairText(raw000, { reference: new Reference(s001), freq: charFrequencies([s001, s002, s003]) });
  return { s000, s001, s002, s003, repair: stats };
}

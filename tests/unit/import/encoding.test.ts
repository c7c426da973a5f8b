import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { charFrequencies, decodeLine, MOJIBAKE_RE, Reference, repairText } from '../../../scripts/import/encoding.ts';
import { loadSeeds, SEED_DIR as SEEDS, SEED_FILES } from '../../../scripts/import/seeds.ts';

const raw000 = readFileSync(SEEDS + SEED_FILES.s000, 'utf8').split('\n');
const clean001 = readFileSync(SEEDS + SEED_FILES.s001, 'utf8');

describe('mojibake repair', () => {
  it('repairs complete sequences (real lines of 000)', () => {
    expect(repairText('    MM[ðŸ¤– Multimodal]').text).toBe('    MM[🤖 Multimodal]');
    expect(repairText('# ðŸ¤– DeepSeekâ€™s Perspective on Humans').text).toBe('# 🤖 DeepSeek’s Perspective on Humans');
    expect(repairText('# ðŸ† **FranÃ§ois Cholletâ€™s ARC-AGI Benchmark').text).toBe('# 🏆 **François Chollet’s ARC-AGI Benchmark');
  });

  it('takes the damaged lines straight from the file', () => {
    const line = raw000.find((l) => l.includes('MM -->|Boosts Vision'))!;
    expect(MOJIBAKE_RE.test(line)).toBe(true);
    expect(repairText(line).text).toBe('    MM -->|Boosts Vision 🚀| VI');
  });

  it('leaves good UTF-8 and plain Latin-1 text alone', () => {
    for (const good of ['    MM[🤖 Multimodal]', 'café au lait', 'It’s “quoted” — fine', 'ASCII only']) expect(repairText(good).text).toBe(good);
  });

  it('sees lost bytes (cp1252-undefined) as gaps with their candidates', () => {
    const pieces = decodeLine('VI[ðŸ‘ï¸ Vision]');
    const gaps = pieces.filter((p) => typeof p !== 'string');
    expect(gaps).toHaveLength(2);
    expect(gaps[0]).toMatchObject({ damaged: 'ðŸ‘' });
    expect((gaps[0] as { candidates: string[] }).candidates).toContain('👁');
    expect((gaps[1] as { candidates: string[] }).candidates).toContain('\uFE0F');
  });

  it("falls back to 001's clean copy of the same line", () => {
    const ref = new Reference(clean001);
    const { text, stats } = repairText('    DT[ðŸ” Detection]\n    VI[ðŸ‘ï¸ Vision]', { reference: ref });
    expect(text).toBe('    DT[🔍 Detection]\n    VI[👁️ Vision]');
    expect(stats.fromReference).toBe(3);
  });

  it('falls back to the obvious emoji where no clean copy exists', () => {
    expect(repairText('## ðŸ Conclusion').text).toBe('## 🏁 Conclusion');
    expect(repairText('## ðŸŒ Real-World Applications').text).toBe('## 🌍 Real-World Applications');
    expect(repairText('### 1ï¸âƒ£ **Satya Nadella (Microsoft CEO) ðŸ¢**').text).toBe('### 1️⃣ **Satya Nadella (Microsoft CEO) 🏢**');
    expect(repairText('| **Slow Spikes ðŸ¢** |').text).toBe('| **Slow Spikes 🐢** |');
    // U+200D between emoji is the zero-width joiner (🧑‍💻), not a closing quote
    expect(repairText('might accelerate progress. ðŸ§‘â€ðŸ’»').text).toBe('might accelerate progress. 🧑\u200D💻');
  });

  it('picks the emoji the words call for where lost bytes leave a choice (old key, zipper mouth)', () => {
    const freq = charFrequencies([clean001]);
    const line = (words: string) => raw000.find((l) => l.includes(words))!;
    expect(repairText(line('**Keys (K) '), { freq }).text).toBe('### 2. **Keys (K) 🗝️**');
    expect(repairText(line('**Did not disclose implementation details**'), { freq }).text).toBe('✅ **Did not disclose implementation details** 🤐.  ');
    // the same damaged bytes elsewhere keep their usual reading
    expect(repairText('**3D 🏗️**'.replace('🏗️', 'ðŸ—ï¸'), { freq }).text).toBe('**3D 🏗️**');
    expect(repairText('| **Cooperation ðŸ¤** |', { freq }).text).toBe('| **Cooperation 🤝** |');
  });

  it('leaves no mojibake in the whole repaired 000, and its first part equals 001', () => {
    const seeds = loadSeeds(SEEDS);
    expect(seeds.s000.split('\n').filter((l) => MOJIBAKE_RE.test(l))).toEqual([]);
    expect(seeds.s000.includes('\uFFFD')).toBe(false);
    const n = clean001.split('\n').length;
    expect(seeds.s000.split('\n').slice(0, n - 1).join('\n')).toBe(clean001.split('\n').slice(0, n - 1).join('\n'));
  });
});

import { type SealContent, type SealKind, sealText } from '../../db/seals.ts';
import { one, run } from '../../db/sql.ts';
import type { ClosingSeal } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import type { CommandContext } from './context.ts';

/**
 * Seal a closing inside its command's transaction: sign the journal seq and hash it closes
 * over (the entry before the closing's own) with the till's key, and the figures it reports.
 * `seal` goes into the closing's report (printed: seq, hash, key fingerprint) and into its
 * journal entry; `store(entrySeq)` writes the closing_seals row once the entry is recorded.
 */
export function sealClosing(
  ctx: CommandContext,
  kind: SealKind,
  ref: string,
  figures: Record<string, number>,
): { seal: ClosingSeal; store(entrySeq: number): void } {
  const signer = ctx.env.signer;
  const tail = one<{ seq: number; hash: string }>(
    ctx.sqlite,
    'SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1',
  );
  const coversSeq = tail?.seq ?? 0;
  const content: SealContent = {
    v: 1,
    deviceId: ctx.env.deviceId,
    kind,
    ref,
    entrySeq: coversSeq + 1,
    coversSeq,
    coversHash: tail?.hash ?? '',
    figures,
  };
  const signed = sealText(content);
  const signature = signer.sign(signed);
  const seal: ClosingSeal = {
    coversSeq,
    coversHash: content.coversHash,
    keyFingerprint: signer.fingerprint,
    signature,
  };
  return {
    seal,
    store(entrySeq) {
      if (entrySeq !== content.entrySeq) {
        throw new CommandError(
          'INTERNAL',
          `closing entry at seq ${entrySeq}, sealed for ${content.entrySeq}`,
        );
      }
      run(
        ctx.sqlite,
        `INSERT INTO closing_seals (ref, kind, entry_seq, covers_seq, covers_hash, signed, signature, public_key, key_fingerprint, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ref,
        kind,
        entrySeq,
        coversSeq,
        content.coversHash,
        signed,
        signature,
        signer.publicKeyPem,
        signer.fingerprint,
        ctx.atIso,
      );
    },
  };
}

import type { PGlite } from '@electric-sql/pglite';
import { readTar, TAR_BLOCK, tarChecksum } from './tar';

/**
 * A PGlite data folder as small as it can be without changing what it holds. Most of a dump is
 * write-ahead log: every 16 MB segment the cluster ever used (recycled ones included) and, in the
 * current one, the zeros after the last record. A shadow booted from a dump only needs the records from
 * its last checkpoint on, so before dumping the log is switched to a new segment and checkpointed with
 * recycling off (the old segments are deleted, not renamed), and the current segment is cut after its
 * last non-zero page. Recovery reads a zero page, or the end of the file, as the end of the log, and
 * PostgreSQL extends the segment when it writes on. An empty cluster goes from 40 to 23 MB, the shadow
 * of 420 migrations from 70 to 38 MB: both boot faster (PGlite copies every byte into memory).
 */
export async function compactDump(lite: PGlite): Promise<Blob> {
  await lite.exec('SET wal_recycle = off; SELECT pg_catalog.pg_switch_wal(); CHECKPOINT; RESET wal_recycle;').catch(() => lite.exec('CHECKPOINT').catch(() => {}));
  const tar = new Uint8Array(await (await lite.dumpDataDir('none')).arrayBuffer());
  return new Blob([trimWalSegments(tar)]);
}

/** PostgreSQL's WAL page size (XLOG_BLCKSZ; PGlite builds with the default). */
const WAL_PAGE = 8192;
const WAL_SEGMENT = /(^|\/)pg_wal\/[0-9A-F]{24}$/;

/**
 * `tar` (ustar, as PGlite's dumpDataDir writes it) with each WAL segment cut after its last non-zero
 * page, keeping one zero page. A tar readTar does not recognise is returned as it was.
 */
export function trimWalSegments(tar: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const members = readTar(tar);
  if (!members) return tar;
  const parts: Uint8Array[] = [];
  for (const { name, type, header, body } of members) {
    const keep = type === 'file' && WAL_SEGMENT.test(name) ? walBytesToKeep(body) : body.length;
    parts.push(keep === body.length ? header : withSize(header, keep), body.subarray(0, keep), new Uint8Array((TAR_BLOCK - (keep % TAR_BLOCK)) % TAR_BLOCK));
  }
  parts.push(new Uint8Array(2 * TAR_BLOCK)); // end of archive
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes of a segment up to and including its last non-zero page, plus one zero page (never more than it has). */
function walBytesToKeep(segment: Uint8Array): number {
  let last = -1;
  for (let page = Math.ceil(segment.length / WAL_PAGE) - 1; page >= 0; page--) {
    if (!isZero(segment.subarray(page * WAL_PAGE, (page + 1) * WAL_PAGE))) {
      last = page;
      break;
    }
  }
  return Math.min(segment.length, (last + 2) * WAL_PAGE);
}

function isZero(bytes: Uint8Array): boolean {
  // Eight bytes at a time where alignment allows (a 16 MB segment is mostly zeros).
  if (bytes.byteOffset % 8 === 0 && bytes.length % 8 === 0) {
    const words = new BigUint64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
    for (const w of words) if (w !== 0n) return false;
    return true;
  }
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

function withSize(header: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(header);
  const put = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  };
  put(124, `${size.toString(8).padStart(11, '0')}\0`);
  put(148, `${tarChecksum(out).toString(8).padStart(6, '0')}\0 `);
  return out;
}

/**
 * The members of a ustar archive as PGlite's dumpDataDir writes it (files and folders, names with a
 * prefix field, octal sizes). Reads in place: every body is a view of `tar`. Returns null when anything is
 * not recognised (a bad header checksum, a member type other than a file or a folder, a body past the
 * end), so that a caller can fall back to PGlite's own reader.
 */
export interface TarMember {
  /** As stored (PGlite: relative to the data folder, with a leading `/`). */
  name: string;
  type: 'file' | 'dir';
  header: Uint8Array<ArrayBuffer>;
  body: Uint8Array<ArrayBuffer>;
}

export const TAR_BLOCK = 512;

export function readTar(tar: Uint8Array<ArrayBuffer>): TarMember[] | null {
  const members: TarMember[] = [];
  let offset = 0;
  while (offset + TAR_BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + TAR_BLOCK);
    if (header.every((b) => b === 0)) break;
    if (octal(header.subarray(148, 156)) !== tarChecksum(header)) return null;
    const flag = String.fromCharCode(header[156] || 0x30);
    if (flag !== '0' && flag !== '5') return null;
    const size = octal(header.subarray(124, 136));
    if (size === null || offset + TAR_BLOCK + size > tar.length) return null;
    const prefix = text(header.subarray(345, 500));
    const name = text(header.subarray(0, 100));
    members.push({ name: prefix ? `${prefix}/${name}` : name, type: flag === '5' ? 'dir' : 'file', header, body: tar.subarray(offset + TAR_BLOCK, offset + TAR_BLOCK + size) });
    offset += TAR_BLOCK + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
  }
  return members;
}

const text = (field: Uint8Array) => new TextDecoder().decode(field).replace(/\0[\s\S]*$/, '');

function octal(field: Uint8Array): number | null {
  const digits = text(field).trim();
  return /^[0-7]+$/.test(digits) ? parseInt(digits, 8) : digits === '' ? 0 : null;
}

/** The header checksum: the sum of its bytes with the checksum field itself read as spaces. */
export function tarChecksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum;
}

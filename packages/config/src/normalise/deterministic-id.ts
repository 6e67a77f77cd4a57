import { createHash } from 'node:crypto';

/** Namespace of Gatehouse's derived ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2a3e9b7d4c5a8e0f1d2c3b4a5968', 'hex');

/** RFC 9562 UUID version 5 (SHA-1, name-based) of `name` in Gatehouse's namespace. */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

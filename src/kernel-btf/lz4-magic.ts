/** The LZ4 legacy frame's magic number, as bytes (little-endian 0x184c2102). */
export const LZ4_LEGACY_MAGIC = [0x02, 0x21, 0x4c, 0x18];

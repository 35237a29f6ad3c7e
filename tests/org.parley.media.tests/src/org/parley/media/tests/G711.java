package org.parley.media.tests;

/** Decodes G.711 (ITU-T) samples independently of the engine, to check what is on the wire. */
final class G711 {

    private G711() {
    }

    /** One µ-law byte to a linear sample. */
    static int ulaw(byte encoded) {
        int u = ~encoded & 0xff;
        int magnitude = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84;
    }

    /** One A-law byte to a linear sample. */
    static int alaw(byte encoded) {
        int a = (encoded & 0xff) ^ 0x55;
        int exponent = (a & 0x70) >> 4;
        int mantissa = a & 0x0f;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}

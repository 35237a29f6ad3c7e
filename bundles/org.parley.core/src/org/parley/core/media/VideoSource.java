package org.parley.core.media;

/** Where the video a session sends comes from. */
public sealed interface VideoSource {

    /** Nothing: the session only receives video (a user without a camera still sees the far end). */
    record None() implements VideoSource {
    }

    /**
     * A generated moving picture that carries its frame number (for tests, automation and machines
     * without a camera).
     *
     * @param width           the picture's width in pixels, even, 320 to 1920
     * @param height          the picture's height in pixels, even, up to 1080 and at least 64 (128 from
     *                        640 pixels wide up: see {@link TestPatternPictures#supports})
     * @param framesPerSecond 1 to 30
     */
    record TestPattern(int width, int height, int framesPerSecond) implements VideoSource {
        public TestPattern {
            if (width > 1920 || height > 1080 || !TestPatternPictures.supports(width, height)) {
                throw new IllegalArgumentException("A test pattern is 320x64 to 1920x1080 with even sides: "
                        + width + "x" + height);
            }
            if (framesPerSecond < 1 || framesPerSecond > 30) {
                throw new IllegalArgumentException("A test pattern runs at 1 to 30 frames per second: "
                        + framesPerSecond);
            }
        }

        /** 320x240 at 15 frames per second. */
        public TestPattern() {
            this(320, 240, 15);
        }
    }

    /** Whether this source sends pictures at all. */
    default boolean sends() {
        return !(this instanceof None);
    }
}

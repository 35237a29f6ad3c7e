package org.parley.media.internal.audio;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local conference mixed by Parley: what each member's far end says is added to what every other
 * member sends, so that each far end hears the local user and all the other far ends. Audio travels
 * from member to member in short lanes at the receiving member's sending rate; a lane keeps at most
 * {@link #MAX_DELAY_SECONDS} of audio (older samples are dropped), so that drift between the calls'
 * clocks cannot build up delay. Members join and leave from any thread; audio comes on media threads.
 */
public final class Conference {

    static final double MAX_DELAY_SECONDS = 0.2;

    private final Set<Member> members = ConcurrentHashMap.newKeySet();

    /**
     * A new member whose session sends audio at {@code sendRate} Hz (as far as known: a microphone's
     * rate is learned from the first audio mixed into it).
     */
    public Member join(int sendRate) {
        Member member = new Member(sendRate);
        members.add(member);
        return member;
    }

    /** One session's place in the conference. */
    public final class Member {
        private volatile int sendRate;
        private final Map<Member, Lane> from = new ConcurrentHashMap<>();

        private Member(int sendRate) {
            this.sendRate = sendRate;
        }

        /** The conference this member is in. */
        public Conference conference() {
            return Conference.this;
        }

        /** Passes what this member's far end said (at {@code rate} Hz) on to every other member. */
        public void heard(short[] samples, int offset, int length, int rate) {
            for (Member other : members) {
                if (other != this) {
                    int otherRate = other.sendRate;
                    short[] converted = rate == otherRate ? copy(samples, offset, length)
                            : Resampling.linear(samples, offset, length, rate, otherRate);
                    other.from.computeIfAbsent(this, key -> new Lane(otherRate)).add(converted);
                }
            }
        }

        /**
         * Adds what the other members' far ends said to the samples this member is about to send, at
         * {@code rate} Hz; at another rate than before, the lanes start again at this one.
         */
        public void mixInto(short[] samples, int offset, int length, int rate) {
            if (rate != sendRate) {
                sendRate = rate;
                from.clear();
            }
            for (Lane lane : from.values()) {
                lane.addTo(samples, offset, length);
            }
        }

        /** Leaves the conference: its audio stops reaching the others and theirs stops reaching it. */
        public void leave() {
            members.remove(this);
            from.clear();
            for (Member other : members) {
                other.from.remove(this);
            }
        }

        private static short[] copy(short[] samples, int offset, int length) {
            short[] copy = new short[length];
            System.arraycopy(samples, offset, copy, 0, length);
            return copy;
        }
    }

    /** Audio from one member to another, oldest first, bounded. */
    private static final class Lane {
        private final short[] ring;
        private int start;
        private int size;

        Lane(int rate) {
            ring = new short[(int) (rate * MAX_DELAY_SECONDS)];
        }

        synchronized void add(short[] samples) {
            for (short sample : samples) {
                if (size == ring.length) {
                    start = (start + 1) % ring.length;
                    size--;
                }
                ring[(start + size) % ring.length] = sample;
                size++;
            }
        }

        /** Adds (saturating) up to {@code length} of the oldest samples to {@code samples} and drops them. */
        synchronized void addTo(short[] samples, int offset, int length) {
            int taken = Math.min(length, size);
            for (int i = 0; i < taken; i++) {
                int sum = samples[offset + i] + ring[(start + i) % ring.length];
                samples[offset + i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum));
            }
            start = (start + taken) % ring.length;
            size -= taken;
        }
    }
}

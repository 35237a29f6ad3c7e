package org.parley.core.telephony;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.media.IceCandidate;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaStatistics;
import org.parley.core.media.VideoFrame;
import org.parley.core.media.VideoStatistics;

/**
 * One call, outgoing or incoming. Obtained from {@link Telephony}; its state changes arrive as
 * {@link CallEvent}s. Every method returns at once and reports its outcome through events; a
 * method that does not fit the current state throws {@link IllegalStateException}.
 */
public interface Call {

    /** The call's identity. */
    CallId id();

    /** The account the call belongs to. */
    AccountId account();

    /** The other party. */
    Address peer();

    /** Who started the call. */
    CallDirection direction();

    /** Where the call stands now. */
    CallState state();

    /** Whether the call's audio is encrypted, and how (the last state once ended). */
    MediaSecurity security();

    /**
     * Marks the ZRTP short authentication string of {@link #security()} as confirmed by the user,
     * who compared it with the far end's (or withdraws the mark); it is kept for later calls with
     * the same peer.
     *
     * @throws IllegalStateException if the call's media is not secured by ZRTP (yet)
     */
    void setSasVerified(boolean verified);

    /**
     * The audio stream's figures so far: codec, packets, loss, jitter and round-trip time
     * ({@link MediaStatistics#NONE} before media flows; the last figures once ended).
     */
    MediaStatistics statistics();

    /** Answers an {@link CallState#INCOMING} call. */
    void answer();

    /** Refuses an {@link CallState#INCOMING} call ({@code busy} or {@code declined}). */
    void reject(boolean busy);

    /** Ends the call in any state before {@link CallState#ENDED}: cancels, or hangs up. */
    void hangUp();

    /** Puts a connected call on hold, or takes it off hold. */
    void setOnHold(boolean onHold);

    /** Stops or restarts sending the user's audio. */
    void setMuted(boolean muted);

    /** Sends keypad tones: digits, {@code *}, {@code #} and {@code A}–{@code D}. */
    void sendDtmf(String digits);

    /** Hands the call over to {@code target} (blind transfer). */
    void transfer(Address target);

    /** Joins the far ends of this call and {@code other}, then leaves both (attended transfer). */
    void transfer(Call other);

    /**
     * Records the call to a WAV file (or Ogg Opus, for a name ending in {@code .ogg} or {@code .opus})
     * from now on: both directions mixed, what the user hears and what they say, until
     * {@link #stopRecording} or the end of the call.
     *
     * @param wav the file to write; created, or replaced if it exists
     * @throws IllegalStateException if the call has no audio (not yet or no longer) or already records
     * @throws org.parley.core.media.MediaException if the file cannot be written
     */
    void startRecording(Path wav);

    /** Completes the running recording, if there is one; does nothing otherwise. */
    void stopRecording();

    /** The file the call is being recorded to, while it is. */
    Optional<Path> recording();

    /**
     * Joins this call and {@code other} into a local conference mixed by Parley: each far end hears
     * this side and the other far ends. A call already in a conference brings the other call into it;
     * calls this side holds are resumed.
     *
     * @throws IllegalStateException    if a call is not connected (or held) or its media cannot be mixed
     * @throws IllegalArgumentException if {@code other} is this call or a call of another provider
     */
    default void joinConference(Call other) {
        throw new UnsupportedOperationException("This provider's calls cannot be joined into a conference");
    }

    /** Takes this call out of its conference, if it is in one; it goes on as a call with its own far end. */
    default void leaveConference() {
    }

    /** The other calls of this call's conference; empty when it is in none. */
    default Set<CallId> conference() {
        return Set.of();
    }

    /**
     * Adds video to a connected call, or removes it, by offering the change to the far end
     * (re-INVITE); the outcome arrives as {@link CallEvent.VideoChanged}. Adding video the call
     * already has, or removing video it has not, does nothing.
     *
     * @throws IllegalStateException if the call is not connected, or its account or media engine has no video
     */
    default void setVideo(boolean on) {
        throw new IllegalStateException("This provider's calls have no video");
    }

    /** Which way the call's video flows now: {@link MediaDirection#INACTIVE} when it has none. */
    default MediaDirection video() {
        return MediaDirection.INACTIVE;
    }

    /**
     * The far end's address that ICE chose for the call's audio (with how it was learned: host,
     * reflexive, relayed), once its checks succeeded; empty for a call without ICE.
     */
    default Optional<IceCandidate> icePath() {
        return Optional.empty();
    }

    /** Whether the call's video is encrypted, and how (unsecured while it has none). */
    default MediaSecurity videoSecurity() {
        return new MediaSecurity.Unsecured();
    }

    /** The video stream's figures, while the call has video (the last ones once it ended). */
    default Optional<VideoStatistics> videoStatistics() {
        return Optional.empty();
    }

    /** The latest picture the far end sent, while the call has video; for the window to draw. */
    default Optional<VideoFrame> latestVideoFrame() {
        return Optional.empty();
    }
}

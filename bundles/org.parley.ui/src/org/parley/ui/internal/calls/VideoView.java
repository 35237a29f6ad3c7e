package org.parley.ui.internal.calls;

import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.VideoFrame;
import org.parley.core.telephony.Call;
import org.parley.ui.internal.Ids;

/** The far end's picture while a call has video, redrawn ten times a second. */
final class VideoView {

    private static final int FRAME_MS = 100;
    private static final int WIDTH = 320;

    private final Call call;
    private final Canvas canvas;
    private Image picture;
    private boolean running;

    VideoView(Composite parent, Call call) {
        this.call = call;
        canvas = Ids.set(new Canvas(parent, SWT.DOUBLE_BUFFERED), "call.videoView");
        GridData data = new GridData(SWT.LEFT, SWT.TOP, false, false, 2, 1);
        data.widthHint = WIDTH;
        data.heightHint = WIDTH * 3 / 4;
        canvas.setLayoutData(data);
        canvas.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        canvas.addPaintListener(event -> {
            if (picture != null) {
                var bounds = picture.getBounds();
                var area = canvas.getClientArea();
                event.gc.drawImage(picture, 0, 0, bounds.width, bounds.height, 0, 0, area.width, area.height);
            }
        });
        canvas.addDisposeListener(event -> {
            if (picture != null) {
                picture.dispose();
            }
        });
    }

    /** Shows or hides the picture as the call's video comes and goes. */
    void update() {
        boolean on = call.video() != MediaDirection.INACTIVE;
        canvas.setVisible(on);
        ((GridData) canvas.getLayoutData()).exclude = !on;
        if (on && !running) {
            running = true;
            canvas.getDisplay().timerExec(FRAME_MS, this::nextFrame);
        }
    }

    private void nextFrame() {
        if (canvas.isDisposed() || call.video() == MediaDirection.INACTIVE) {
            running = false;
            return;
        }
        Optional<VideoFrame> frame = call.latestVideoFrame();
        frame.ifPresent(this::show);
        canvas.getDisplay().timerExec(FRAME_MS, this::nextFrame);
    }

    private void show(VideoFrame frame) {
        ImageData data = new ImageData(frame.width(), frame.height(), 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        byte[] rgb = toRgb(frame);
        for (int y = 0; y < frame.height(); y++) {
            System.arraycopy(rgb, y * frame.width() * 3, data.data, y * data.bytesPerLine, frame.width() * 3);
        }
        if (picture != null) {
            picture.dispose();
        }
        picture = new Image(canvas.getDisplay(), data);
        canvas.redraw();
    }

    /** I420 (BT.601, limited range) to packed RGB. */
    static byte[] toRgb(VideoFrame frame) {
        int w = frame.width();
        int h = frame.height();
        byte[] yuv = frame.i420();
        int uOffset = w * h;
        int vOffset = uOffset + (w / 2) * (h / 2);
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int luma = (yuv[y * w + x] & 0xFF) - 16;
                int chroma = (y / 2) * (w / 2) + x / 2;
                int u = (yuv[uOffset + chroma] & 0xFF) - 128;
                int v = (yuv[vOffset + chroma] & 0xFF) - 128;
                int c = 298 * luma;
                int at = (y * w + x) * 3;
                rgb[at] = clamp((c + 409 * v + 128) >> 8);
                rgb[at + 1] = clamp((c - 100 * u - 208 * v + 128) >> 8);
                rgb[at + 2] = clamp((c + 516 * u + 128) >> 8);
            }
        }
        return rgb;
    }

    private static byte clamp(int value) {
        return (byte) Math.max(0, Math.min(255, value));
    }
}

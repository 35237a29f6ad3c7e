import java.awt.Robot;
import java.awt.event.KeyEvent;

/**
 * Presses keys on the X display in DISPLAY, as a person at the keyboard would: for the product checks,
 * which answer a dialog of the window. Each argument is a key or a chord, pressed in turn:
 * {@code java PressKey.java SHIFT+TAB ENTER}. Keys: ENTER, ESCAPE, TAB, SHIFT, SPACE.
 */
public final class PressKey {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: java PressKey.java KEY[+KEY...] ...");
        }
        Robot robot = new Robot();
        for (String chord : args) {
            String[] names = chord.split("\\+");
            int[] keys = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                keys[i] = switch (names[i]) {
                    case "ENTER" -> KeyEvent.VK_ENTER;
                    case "ESCAPE" -> KeyEvent.VK_ESCAPE;
                    case "TAB" -> KeyEvent.VK_TAB;
                    case "SHIFT" -> KeyEvent.VK_SHIFT;
                    case "SPACE" -> KeyEvent.VK_SPACE;
                    default -> throw new IllegalArgumentException("unknown key " + names[i]);
                };
            }
            for (int key : keys) {
                robot.keyPress(key);
                robot.delay(30);
            }
            for (int i = keys.length - 1; i >= 0; i--) {
                robot.keyRelease(keys[i]);
                robot.delay(30);
            }
            robot.delay(200);
        }
        robot.waitForIdle();
    }
}

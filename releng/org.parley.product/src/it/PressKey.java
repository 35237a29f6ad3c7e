import java.awt.Robot;
import java.awt.event.KeyEvent;

/**
 * Presses a key on the X display in DISPLAY, as a person at the keyboard would: for the product checks,
 * which answer a dialog of the window with its default button. Usage: java PressKey.java ENTER|ESCAPE
 */
public final class PressKey {

    public static void main(String[] args) throws Exception {
        int key = switch (args.length == 1 ? args[0] : "") {
            case "ENTER" -> KeyEvent.VK_ENTER;
            case "ESCAPE" -> KeyEvent.VK_ESCAPE;
            default -> throw new IllegalArgumentException("usage: java PressKey.java ENTER|ESCAPE");
        };
        Robot robot = new Robot();
        robot.keyPress(key);
        robot.delay(50);
        robot.keyRelease(key);
        robot.waitForIdle();
    }
}

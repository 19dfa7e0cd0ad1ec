// The on-screen keyboard (Qt Virtual Keyboard), embedded at the bottom of the kiosk window.
// The Python side sets keyboardLocale to follow the citizen's language.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    property string keyboardLocale: "en_US"
    onKeyboardLocaleChanged: VirtualKeyboardSettings.locale = keyboardLocale
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["vi_VN", "th_TH", "en_US"]
        VirtualKeyboardSettings.locale = keyboardLocale
    }
    // The panel's height follows its width; keep it within the space the window gives it.
    InputPanel {
        id: panel
        width: Math.min(root.width, root.height * 3.0)
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
    }
}

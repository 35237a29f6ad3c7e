# Sourced by the launcher: writes the desktop entry that puts Parley in the applications menu
# and registers it for sip:, sips: and tel: links (freedesktop.org Desktop Entry and MIME specs).
parley_install_desktop_entry() {
  local home=$1
  local dir=${XDG_DATA_HOME:-$HOME/.local/share}/applications
  mkdir -p "$dir"
  cat > "$dir/parley.desktop" <<ENTRY
[Desktop Entry]
Type=Application
Name=Parley
GenericName=Softphone and chat
Comment=SIP calls, presence and instant messages
Exec="$home/parley" %u
Terminal=false
Categories=Network;Telephony;InstantMessaging;
MimeType=x-scheme-handler/sip;x-scheme-handler/sips;x-scheme-handler/tel;
StartupWMClass=Parley
ENTRY
  if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default parley.desktop x-scheme-handler/sip x-scheme-handler/sips x-scheme-handler/tel
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$dir" >/dev/null 2>&1 || true
  fi
  echo "parley: wrote $dir/parley.desktop (sip:, sips: and tel: links open Parley)"
}

; Stand-in installer of Sổ Kế Hoạch for Windows, compiled offline by scripts/windows-check.sh
; with Debian's makensis. Tauri's own bundler (`cargo tauri build --target x86_64-pc-windows-gnu`)
; cannot run offline: it downloads NSIS helper plugins and the WebView2 installer (see
; docs/windows-build.md). This script installs what that installer would, the same way
; (per user, no administrator rights, under %LOCALAPPDATA%), minus WebView2 itself, which
; Windows 10/11 already carry.
;
; Built with the GNU toolchain, sokehoach.exe loads WebView2Loader.dll (from the webview2-com-sys
; crate) at start, so it is installed beside it, as Tauri's bundler does for -gnu builds.
;
; Defines (from the command line): VERSION, EXE_DIR (folder of sokehoach.exe, skh.exe and
; WebView2Loader.dll),
; ICON (an .ico file), OUT_FILE (the setup program to write).

Unicode true
ManifestDPIAware true
; COMPRESSOR=off packs without compressing (the lane's check of debug builds: fast).
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
!if "${COMPRESSOR}" == "off"
  SetCompress off
!else
  SetCompressor /SOLID ${COMPRESSOR}
!endif
RequestExecutionLevel user

!ifndef VERSION
  !error "VERSION is not defined"
!endif
!ifndef EXE_DIR
  !error "EXE_DIR is not defined"
!endif

!define PRODUCT "Sổ Kế Hoạch"
!define IDENTIFIER "vn.sokehoach.app"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"

!include "MUI2.nsh"

Name "${PRODUCT}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\${PRODUCT}"
InstallDirRegKey HKCU "Software\${IDENTIFIER}" "InstallDir"
!ifdef ICON
  Icon "${ICON}"
  UninstallIcon "${ICON}"
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Cài đặt ${PRODUCT}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PRODUCT}"

!define MUI_FINISHPAGE_RUN "$INSTDIR\sokehoach.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

Section "Install"
  SetOutPath "$INSTDIR"
  File "${EXE_DIR}\sokehoach.exe"
  File "${EXE_DIR}\skh.exe"
  File "${EXE_DIR}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${IDENTIFIER}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\sokehoach.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\sokehoach.exe"
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\sokehoach.exe"
SectionEnd

; The data (%LOCALAPPDATA%\vn.sokehoach.app: the database, keys, backups) is never removed by
; uninstalling: "nothing lost, ever".
Section "Uninstall"
  Delete "$INSTDIR\sokehoach.exe"
  Delete "$INSTDIR\skh.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${IDENTIFIER}"
SectionEnd

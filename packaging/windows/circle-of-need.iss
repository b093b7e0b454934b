; Inno Setup script: the Windows installer of Circle of Need (not built or run here: see README, Install).
; Built by .github/workflows/package.yml on windows-latest after `pyinstaller packaging/circle-of-need.spec`:
;     iscc /DAppVersion=0.1.0 packaging\windows\circle-of-need.iss
; Per-user by default (no administrator rights: council laptops); IT can install for every user with
; /ALLUSERS on the command line, e.g. `CircleOfNeed-0.1.0-setup.exe /VERYSILENT /ALLUSERS`.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Circle of Need"
#define AppExe "Circle of Need.exe"
#define Built "..\..\dist\circle-of-need"

[Setup]
AppId={{6E2C4B1A-4F0D-4C8E-9A51-2B7D3C9E0F11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Circle of Need contributors
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ChangesAssociations=yes
LicenseFile=..\..\LICENSE
SetupIconFile=..\icons\circle-of-need.ico
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\..\dist
OutputBaseFilename=CircleOfNeed-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "{#Built}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\icons\circle-of-need.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\circle-of-need.ico"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[Registry]
; .needmap files open in the app, with the app's icon; removed on uninstall. HKA is the user's own keys for a
; per-user install and the machine's for /ALLUSERS.
Root: HKA; Subkey: "Software\Classes\.needmap"; ValueType: string; ValueName: ""; ValueData: "CircleOfNeed.Map"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.needmap"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-needmap"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\CircleOfNeed.Map"; ValueType: string; ValueName: ""; ValueData: "Circle of Need map"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\CircleOfNeed.Map\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\circle-of-need.ico,0"
Root: HKA; Subkey: "Software\Classes\CircleOfNeed.Map\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".needmap"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "Open {#AppName}"; Flags: nowait postinstall skipifsilent

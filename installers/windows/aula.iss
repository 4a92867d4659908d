; Inno Setup 6 script of Aula's Windows installer, for the one-folder bundle that
; installers/aula.spec builds on Windows (dist\aula-<version>-windows-x64\).
; It cannot be built on the Linux build machine: see README.md beside this file.
;
;   iscc /DAppVersion=0.2.0 installers\windows\aula.iss
;     -> dist\aula-0.2.0-windows-x64-setup.exe
;
; Per-user install by default (no administrator needed, %LOCALAPPDATA%\Programs\Aula);
; /ALLUSERS installs for every user of the laptop (Program Files, needs an administrator).
; IT's silent install:   aula-0.2.0-windows-x64-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
; Silent uninstall:      "%ProgramFiles%\Aula\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
; The user's data (database, backups, logs, settings) lives in %LOCALAPPDATA%\Aula\Aula, which
; this installer never writes and its uninstaller never deletes.

#ifndef AppVersion
  #error Pass the version from app/__init__.py: iscc /DAppVersion=X.Y.Z installers\windows\aula.iss
#endif
#define BundleDir "..\..\dist\aula-" + AppVersion + "-windows-x64"

[Setup]
; AppId identifies Aula across versions: never change it (upgrades install over the same entry).
AppId={{6B0E2C8F-3F1D-4E7A-9C52-AF0A1D7E2C13}
AppName=Aula
AppVersion={#AppVersion}
AppVerName=Aula {#AppVersion}
AppPublisher=Aula
DefaultDirName={autopf}\Aula
DefaultGroupName=Aula
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=aula-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\Aula.exe
; Aula must be closed to be replaced: the installer asks (or, silent, closes it).
CloseApplications=yes
RestartApplications=no
; Code signing (README.md): define a sign tool named "aulasign" in the Inno Setup IDE or with
; iscc "/Saulasign=signtool sign /fd sha256 /tr http://timestamp.example /td sha256 /a $f"
; and uncomment the next line; the setup and its uninstaller are then signed.
; SignTool=aulasign

[Languages]
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no file of the previous version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Aula"; Filename: "{app}\Aula.exe"; Comment: "Pase de lista, participación y constancias"
Name: "{group}\Desinstalar Aula"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Aula"; Filename: "{app}\Aula.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Aula.exe"; Description: "{cm:LaunchProgram,Aula}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: the uninstaller removes only what it installed,
; never %LOCALAPPDATA%\Aula (the user's database and backups).

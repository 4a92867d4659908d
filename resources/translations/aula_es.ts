<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_MX">
<context>
    <name>AddParticipantsDialog</name>
    <message>
        <source>Add from the staff list</source>
        <translation>Agregar desde la plantilla</translation>
    </message>
    <message>
        <source>Name or employee number (accents not needed)</source>
        <translation>Nombre o matrícula (sin necesidad de acentos)</translation>
    </message>
    <message>
        <source>Search the staff list</source>
        <translation>Buscar en la plantilla</translation>
    </message>
    <message>
        <source>Matching workers</source>
        <translation>Trabajadores encontrados</translation>
    </message>
    <message>
        <source>Add selected</source>
        <translation>Agregar seleccionado</translation>
    </message>
    <message>
        <source>Type part of the name or the employee number; ↑ ↓ choose, Enter adds to the group.</source>
        <translation>Escriba parte del nombre o la matrícula; ↑ ↓ para elegir, Enter lo agrega al grupo.</translation>
    </message>
    <message>
        <source>{name} was added to the group.</source>
        <translation>{name} se agregó al grupo.</translation>
    </message>
    <message>
        <source>{name} was already on the roster.</source>
        <translation>{name} ya estaba en la lista del grupo.</translation>
    </message>
</context>
<context>
    <name>AttendanceTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Employee no.</source>
        <translation>Matrícula</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Check-in</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Check-out</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minutos</translation>
    </message>
    <message>
        <source>In</source>
        <comment>short for check-in</comment>
        <translation>Entr.</translation>
    </message>
    <message>
        <source>Out</source>
        <comment>short for check-out</comment>
        <translation>Sal.</translation>
    </message>
    <message>
        <source>Min.</source>
        <comment>short for minutes</comment>
        <translation>Min.</translation>
    </message>
</context>
<context>
    <name>AttendanceView</name>
    <message>
        <source>Scan box</source>
        <translation>Caja de escaneo</translation>
    </message>
    <message>
        <source>Present counter</source>
        <translation>Contador de presentes</translation>
    </message>
    <message>
        <source>Add as new participant</source>
        <translation>Agregar como participante nuevo</translation>
    </message>
    <message>
        <source>Everyone present</source>
        <translation>Todos presentes</translation>
    </message>
    <message>
        <source>Mark everyone without a mark as present</source>
        <translation>Marcar como presentes a todos los que no tienen registro</translation>
    </message>
    <message>
        <source>Check out everyone</source>
        <translation>Registrar salida de todos</translation>
    </message>
    <message>
        <source>Record the check-out of everyone still in the room at the scheduled end</source>
        <translation>Registrar la salida de todos los que siguen en el aula a la hora de término programada</translation>
    </message>
    <message>
        <source>Selected row:</source>
        <translation>Fila seleccionada:</translation>
    </message>
    <message>
        <source>Attendance of the session</source>
        <translation>Asistencia de la sesión</translation>
    </message>
    <message>
        <source>This group is closed: its marks cannot be changed. Reopen it from Results to correct something.</source>
        <translation>Este grupo está cerrado: sus registros no se pueden modificar. Reábralo desde Resultados si necesita corregir algo.</translation>
    </message>
    <message>
        <source>No participants yet. Add them in the Participants tab, or scan a badge to add its worker.</source>
        <translation>Aún no hay participantes. Agréguelos en la pestaña Participantes o escanee un gafete para agregar a su trabajador.</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sesión</translation>
    </message>
    <message>
        <source>Badge, employee number or name + Enter</source>
        <translation>Gafete, matrícula o nombre + Enter</translation>
    </message>
    <message>
        <source>Scan or type the employee number + Enter. First scan: check-in; next: check-out. A name + Enter finds the person; Enter again records them. ↑ ↓ move the selection.</source>
        <translation>Escanee o escriba la matrícula + Enter. Primer escaneo: entrada; el siguiente: salida. Un nombre + Enter encuentra a la persona; otro Enter la registra. ↑ ↓ mueven la selección.</translation>
    </message>
    <message>
        <source>Go to today&apos;s session</source>
        <translation>Ir a la sesión de hoy</translation>
    </message>
    <message>
        <source>Switch to today&apos;s session and record this scan there</source>
        <translation>Cambiar a la sesión de hoy y registrar ahí este escaneo</translation>
    </message>
    <message>
        <source>Correct this day…</source>
        <translation>Corregir este día…</translation>
    </message>
    <message>
        <source>Record this scan in this past session, on purpose</source>
        <translation>Registrar este escaneo en esta sesión pasada, a propósito</translation>
    </message>
    <message>
        <source>Mark the selected row as {status} (key {key} in the table)</source>
        <translation>Marcar la fila seleccionada como {status} (tecla {key} en la tabla)</translation>
    </message>
    <message>
        <source>The group is closed: reopen it to correct the attendance</source>
        <translation>El grupo está cerrado: reábralo para corregir la asistencia</translation>
    </message>
    <message>
        <source>Session {number} · {date} · {start}–{end}</source>
        <translation>Sesión {number} · {date} · {start}–{end}</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Not today: past session</source>
        <translation>No es hoy: sesión pasada</translation>
    </message>
    <message>
        <source>Not today: upcoming session</source>
        <translation>No es hoy: sesión próxima</translation>
    </message>
    <message>
        <source>{present} / {total} present</source>
        <translation>{present} / {total} presentes</translation>
    </message>
    <message>
        <source>Employee number {matricula} was not found. Add it as a new participant?</source>
        <translation>No se encontró la matrícula {matricula}. ¿Agregarla como participante nuevo?</translation>
    </message>
    <message>
        <source>Employee number {matricula} is not on this group&apos;s roster. Enroll and check in?</source>
        <translation>La matrícula {matricula} no está en la lista de este grupo. ¿Inscribirla y registrar su entrada?</translation>
    </message>
    <message>
        <source>Enroll and check in</source>
        <translation>Inscribir y registrar entrada</translation>
    </message>
    <message>
        <source>{name}: already checked in at {time}.</source>
        <translation>{name}: ya registró su entrada a las {time}.</translation>
    </message>
    <message>
        <source>{name} is already marked present.</source>
        <translation>{name} ya está registrada como presente.</translation>
    </message>
    <message>
        <source>check-in of {name}</source>
        <translation>entrada de {name}</translation>
    </message>
    <message>
        <source>Correction: {name} present for the whole session ({status})</source>
        <translation>Corrección: {name} presente toda la sesión ({status})</translation>
    </message>
    <message>
        <source>Check-in {time} — {name} ({status})</source>
        <translation>Entrada {time} — {name} ({status})</translation>
    </message>
    <message>
        <source>check-out of {name}</source>
        <translation>salida de {name}</translation>
    </message>
    <message>
        <source>Check-out {time} — {name} ({status})</source>
        <translation>Salida {time} — {name} ({status})</translation>
    </message>
    <message>
        <source>Correct session {number} of {date}?</source>
        <translation>¿Corregir la sesión {number} del {date}?</translation>
    </message>
    <message>
        <source>Use this only to correct a past day. {who} will be marked present for the whole session, or checked out at its scheduled end; a recorded check-out is never replaced. Today&apos;s session does not change.</source>
        <translation>Use esto solo para corregir un día pasado. {who} quedará presente toda la sesión, o con su salida a la hora de término programada; una salida ya registrada nunca se reemplaza. La sesión de hoy no cambia.</translation>
    </message>
    <message>
        <source>Correct this day</source>
        <translation>Corregir este día</translation>
    </message>
    <message>
        <source>Nobody on this list matches “{text}”.</source>
        <translation>Nadie en esta lista coincide con «{text}».</translation>
    </message>
    <message>
        <source>Press Enter (or ✓) to record the check-out of {name}.</source>
        <translation>Presione Enter (o ✓) para registrar la salida de {name}.</translation>
    </message>
    <message>
        <source>Press Enter (or ✓) to record the check-in of {name}.</source>
        <translation>Presione Enter (o ✓) para registrar la entrada de {name}.</translation>
    </message>
    <message>
        <source>{count} people match “{text}”: choose with ↑ ↓ and press Enter (or ✓).</source>
        <translation>{count} personas coinciden con «{text}»: elija con ↑ ↓ y presione Enter (o ✓).</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registrar</translation>
    </message>
    <message>
        <source>mark “{status}” of {name}</source>
        <translation>marca «{status}» de {name}</translation>
    </message>
    <message>
        <source>“{action}” in session {number} of {date}?</source>
        <translation>¿«{action}» en la sesión {number} del {date}?</translation>
    </message>
    <message>
        <source>This is not today&apos;s session. Continue only if you are correcting that day.</source>
        <translation>Esta no es la sesión de hoy. Continúe solo si está corrigiendo ese día.</translation>
    </message>
    <message>
        <source>{action}: {count} changed.</source>
        <translation>{action}: {count} con cambios.</translation>
    </message>
</context>
<context>
    <name>AulaStatusBar</name>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>No server</source>
        <extracomment>Phases that need the user (or the administrator) to act: said in the warning tone.</extracomment>
        <translation>Sin servidor</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Progreso de la sincronización</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>Estado de sincronización</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <source>No server — 1 change kept here</source>
        <translation>Sin servidor — 1 cambio guardado aquí</translation>
    </message>
    <message>
        <source>No server — {count} changes kept here</source>
        <translation>Sin servidor — {count} cambios guardados aquí</translation>
    </message>
    <message>
        <source>Device removed from the server</source>
        <translation>Equipo dado de baja</translation>
    </message>
    <message>
        <source>Connect this device again</source>
        <translation>Vuelva a conectar este equipo</translation>
    </message>
    <message>
        <source>Update Aula</source>
        <translation>Actualice Aula</translation>
    </message>
    <message>
        <source>Syncing… ({done}/{total})</source>
        <translation>Sincronizando… ({done}/{total})</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <source>1 change rejected</source>
        <translation>1 cambio rechazado</translation>
    </message>
    <message>
        <source>{count} changes rejected</source>
        <translation>{count} cambios rechazados</translation>
    </message>
    <message>
        <source>Offline — 1 change to send</source>
        <translation>Sin conexión — 1 cambio por enviar</translation>
    </message>
    <message>
        <source>Offline — {count} changes to send</source>
        <translation>Sin conexión — {count} cambios por enviar</translation>
    </message>
    <message>
        <source>{state} · {time}</source>
        <translation>{state} · {time}</translation>
    </message>
    <message>
        <source>Up to date, {time}</source>
        <translation>Al día, {time}</translation>
    </message>
    <message>
        <source>1 change to send</source>
        <translation>1 cambio por enviar</translation>
    </message>
    <message>
        <source>{count} changes to send</source>
        <translation>{count} cambios por enviar</translation>
    </message>
    <message>
        <source>{state} · Clock out of step</source>
        <translation>{state} · Reloj desfasado</translation>
    </message>
    <message>
        <source>Server: {url}</source>
        <translation>Servidor: {url}</translation>
    </message>
    <message>
        <source>This device is not connected to a server; changes stay on this computer.</source>
        <translation>Este equipo no está conectado a un servidor; los cambios se quedan en esta computadora.</translation>
    </message>
    <message>
        <source>Last complete sync: {when}</source>
        <translation>Última sincronización completa: {when}</translation>
    </message>
    <message>
        <source>Last attempt: {when}</source>
        <translation>Último intento: {when}</translation>
    </message>
    <message>
        <source>This computer&apos;s clock differs from the server&apos;s by {minutes} minutes; correct the date and time of the computer.</source>
        <translation>El reloj de esta computadora difiere del servidor en {minutes} minutos; corrija la fecha y la hora de la computadora.</translation>
    </message>
    <message>
        <source>Click to see the rejected changes.</source>
        <translation>Haga clic para ver los cambios rechazados.</translation>
    </message>
    <message>
        <source>Zoom {percent} %</source>
        <translation>Zoom {percent} %</translation>
    </message>
</context>
<context>
    <name>ConfirmBox</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>ConstanciasTableModel</name>
    <message>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>Emitida el</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Vigente</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Sustituida</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Revocada</translation>
    </message>
    <message>
        <source>Revoked: {reason}</source>
        <translation>Revocada: {reason}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Error inesperado</translation>
    </message>
    <message>
        <source>Aula found an error it did not expect. Your marks already saved are safe. Copy this report and send it to technical support.</source>
        <translation>Aula encontró un error que no esperaba. Las marcas ya guardadas están a salvo. Copie este informe y envíelo a soporte técnico.</translation>
    </message>
    <message>
        <source>Error report</source>
        <translation>Informe del error</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>Copiar informe</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>The database is damaged and Aula cannot go on using it. Close Aula and open it again: it will offer to restore the newest good backup, keeping the damaged file aside.</source>
        <translation>La base de datos está dañada y Aula no puede seguir usándola. Cierre Aula y ábrala de nuevo: le ofrecerá restaurar el respaldo en buen estado más reciente y guardará aparte el archivo dañado.</translation>
    </message>
    <message>
        <source>Aula</source>
        <translation>Aula</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <source>Damaged database</source>
        <translation>Base de datos dañada</translation>
    </message>
    <message>
        <source>The database {path} is damaged and Aula cannot use it.</source>
        <translation>La base de datos {path} está dañada y Aula no puede usarla.</translation>
    </message>
    <message>
        <source>The newest good backup was made on {date} at {time} ({name}). Restore it? What was recorded after that moment is not in it. The damaged file is kept as {file}.damaged-… next to it; nothing is deleted.</source>
        <translation>El respaldo en buen estado más reciente se hizo el {date} a las {time} ({name}). ¿Desea restaurarlo? Lo registrado después de ese momento no está en él. El archivo dañado se guarda aparte como {file}.damaged-… en la misma carpeta; no se borra nada.</translation>
    </message>
    <message>
        <source>There is no good backup in {folder}. Do not delete the file: close Aula and ask technical support for help.</source>
        <translation>No hay ningún respaldo en buen estado en {folder}. No borre el archivo: cierre Aula y pida ayuda a soporte técnico.</translation>
    </message>
    <message>
        <source>What SQLite reported: {detail}</source>
        <translation>Lo que informó SQLite: {detail}</translation>
    </message>
</context>
<context>
    <name>DirectorView</name>
    <message>
        <source>Employee no.</source>
        <translation>Matrícula</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Turno</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>Trained</source>
        <translation>Capacitado</translation>
    </message>
    <message>
        <source>Qualified, constancia to issue</source>
        <translation>Acreditó, constancia por emitir</translation>
    </message>
    <message>
        <source>Did not qualify</source>
        <translation>No acreditó</translation>
    </message>
    <message>
        <source>In a course</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>No longer on the staff list</source>
        <translation>Ya no está en la plantilla</translation>
    </message>
    <message>
        <source>Folio {folio} · {date}</source>
        <translation>Folio {folio} · {date}</translation>
    </message>
    <message>
        <source>re-enrolled in {group}</source>
        <translation>reinscrito en {group}</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Curso</translation>
    </message>
    <message>
        <source>Target date</source>
        <translation>Fecha meta</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Cobertura</translation>
    </message>
    <message>
        <source>Data freshness</source>
        <translation>Actualidad de los datos</translation>
    </message>
    <message>
        <source>Workers per status</source>
        <translation>Trabajadores por estado</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Save what this screen shows as XLSX, CSV or PDF</source>
        <translation>Guardar lo que muestra esta pantalla en XLSX, CSV o PDF</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)…</source>
        <translation>Libro de Excel (XLSX)…</translation>
    </message>
    <message>
        <source>CSV for other programs…</source>
        <translation>CSV para otros programas…</translation>
    </message>
    <message>
        <source>PDF report with signatures…</source>
        <translation>Informe PDF con firmas…</translation>
    </message>
    <message>
        <source>Constancias issued in a period (DC-4 style)…</source>
        <translation>Constancias emitidas en un periodo (tipo DC-4)…</translation>
    </message>
    <message>
        <source>Folio or QR text</source>
        <translation>Folio o texto del QR</translation>
    </message>
    <message>
        <source>Folio or QR text of the constancia to verify</source>
        <translation>Folio o texto del QR de la constancia a verificar</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Check a constancia by its folio or the text of its QR</source>
        <translation>Verificar una constancia por su folio o por el texto de su QR</translation>
    </message>
    <message>
        <source>Worker detail…</source>
        <translation>Detalle del trabajador…</translation>
    </message>
    <message>
        <source>Course history, attendance and constancias of the selected worker (double-click a row)</source>
        <translation>Historial de cursos, asistencia y constancias del trabajador seleccionado (doble clic en una fila)</translation>
    </message>
    <message>
        <source>By service</source>
        <translation>Por servicio</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>Por categoría</translation>
    </message>
    <message>
        <source>By shift</source>
        <translation>Por turno</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>Name, employee number, category, service or group</source>
        <translation>Nombre, matrícula, categoría, servicio o grupo</translation>
    </message>
    <message>
        <source>Search the coverage list</source>
        <translation>Buscar en la lista de cobertura</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Mostrar todos</translation>
    </message>
    <message>
        <source>Stop showing only the workers of the chosen bar</source>
        <translation>Dejar de mostrar solo a los trabajadores de la barra elegida</translation>
    </message>
    <message>
        <source>Workers and their coverage status</source>
        <translation>Trabajadores y su estado de cobertura</translation>
    </message>
    <message>
        <source>There are no units yet: import a staff list first.</source>
        <translation>Aún no hay unidades: primero importe una plantilla.</translation>
    </message>
    <message>
        <source>{trained} of {expected} workers on the staff list are trained in {course}.</source>
        <translation>{trained} de {expected} trabajadores de la plantilla están capacitados en {course}.</translation>
    </message>
    <message>
        <source>Click a status to list those workers</source>
        <translation>Haga clic en un estado para listar a esos trabajadores</translation>
    </message>
    <message>
        <source>No target date: tick it to see the coverage expected by then.</source>
        <translation>Sin fecha meta: márquela para ver la cobertura esperada para entonces.</translation>
    </message>
    <message>
        <source>By {date} ({days} days): {count} trained or in groups that end by then, {percent:.1f} %.</source>
        <translation>Al {date} ({days} días): {count} capacitados o en grupos que terminan antes, {percent:.1f} %.</translation>
    </message>
    <message>
        <source>{code}, {dates}: {enrolled} of {capacity} places ({phase})</source>
        <translation>{code}, {dates}: {enrolled} de {capacity} lugares ({phase})</translation>
    </message>
    <message>
        <source>under way</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>upcoming</source>
        <translation>próximo</translation>
    </message>
    <message>
        <source>Groups: {groups}</source>
        <translation>Grupos: {groups}</translation>
    </message>
    <message>
        <source>No group of this course is under way or scheduled.</source>
        <translation>No hay grupos de este curso en curso ni programados.</translation>
    </message>
    <message>
        <source>Data as of {moment}</source>
        <translation>Datos al {moment}</translation>
    </message>
    <message>
        <source>last synchronized {moment}</source>
        <translation>última sincronización {moment}</translation>
    </message>
    <message>
        <source>this device has not been synchronized</source>
        <translation>este equipo no se ha sincronizado</translation>
    </message>
    <message>
        <source>{count} changes still to send</source>
        <translation>{count} cambios por enviar</translation>
    </message>
    <message>
        <source>nothing left to send</source>
        <translation>nada por enviar</translation>
    </message>
    <message>
        <source>{count} workers</source>
        <translation>{count} trabajadores</translation>
    </message>
    <message>
        <source>Only: {key}</source>
        <translation>Solo: {key}</translation>
    </message>
    <message>
        <source>Select a worker in the list first.</source>
        <translation>Primero seleccione un trabajador de la lista.</translation>
    </message>
    <message>
        <source>There is no constancia with folio {folio} on this device. Scan or paste the text of its QR to check its signature.</source>
        <translation>No hay ninguna constancia con el folio {folio} en este equipo. Escanee o pegue el texto de su QR para verificar su firma.</translation>
    </message>
    <message>
        <source>Export coverage</source>
        <translation>Exportar cobertura</translation>
    </message>
    <message>
        <source>Exporting to {file}…</source>
        <translation>Exportando a {file}…</translation>
    </message>
    <message>
        <source>Save the list of constancias</source>
        <translation>Guardar la lista de constancias</translation>
    </message>
    <message>
        <source>Saved {file}.</source>
        <translation>Se guardó {file}.</translation>
    </message>
</context>
<context>
    <name>DocumentSettingsPage</name>
    <message>
        <source>Empty: the unit&apos;s name</source>
        <translation>Vacío: el nombre de la unidad</translation>
    </message>
    <message>
        <source>Empty: the course&apos;s programme</source>
        <translation>Vacío: el programa del curso</translation>
    </message>
    <message>
        <source>Left logo</source>
        <translation>Logotipo izquierdo</translation>
    </message>
    <message>
        <source>(none: placeholder)</source>
        <translation>(ninguno: genérico)</translation>
    </message>
    <message>
        <source>Right logo</source>
        <translation>Logotipo derecho</translation>
    </message>
    <message>
        <source>Director&apos;s signature</source>
        <translation>Firma del director</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
    <message>
        <source>Instructor&apos;s signature</source>
        <translation>Firma del instructor</translation>
    </message>
    <message>
        <source>The server&apos;s public address, e.g. https://verifica.example.mx (empty: none)</source>
        <translation>La dirección pública del servidor, p. ej. https://verifica.ejemplo.mx (vacío: ninguna)</translation>
    </message>
    <message>
        <source>Institution name</source>
        <translation>Nombre de la institución</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>Programa</translation>
    </message>
    <message>
        <source>Unit whose director signs</source>
        <translation>Unidad cuyo director firma</translation>
    </message>
    <message>
        <source>Unit director</source>
        <translation>Director(a) de la unidad</translation>
    </message>
    <message>
        <source>Director&apos;s title</source>
        <translation>Cargo del director</translation>
    </message>
    <message>
        <source>Instructor&apos;s title</source>
        <translation>Cargo del instructor</translation>
    </message>
    <message>
        <source>Verification address</source>
        <translation>Dirección de verificación</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>QRs point to {address}/v/…</source>
        <translation>Los códigos QR apuntan a {address}/v/…</translation>
    </message>
    <message>
        <source>Online verification not configured: the QR carries the signed data and is verified with Aula (Tools › Verify constancia).</source>
        <translation>Verificación en línea no configurada: el código QR lleva los datos firmados y se verifica con Aula (Herramientas › Verificar constancia).</translation>
    </message>
    <message>
        <source>Updating the preview…</source>
        <translation>Actualizando la vista previa…</translation>
    </message>
    <message>
        <source>The preview could not be made: {reason}</source>
        <translation>No se pudo hacer la vista previa: {reason}</translation>
    </message>
</context>
<context>
    <name>DocumentsView</name>
    <message>
        <source>Issue constancias</source>
        <translation>Emitir constancias</translation>
    </message>
    <message>
        <source>Issue a constancia to everyone who qualifies and has none yet</source>
        <translation>Emitir una constancia a cada participante que acredita y aún no tiene una</translation>
    </message>
    <message>
        <source>Print all…</source>
        <translation>Imprimir todas…</translation>
    </message>
    <message>
        <source>Print every valid constancia on Letter paper</source>
        <translation>Imprimir todas las constancias vigentes en papel carta</translation>
    </message>
    <message>
        <source>Save every valid constancia in one PDF file</source>
        <translation>Guardar todas las constancias vigentes en un solo archivo PDF</translation>
    </message>
    <message>
        <source>Save a file “FOLIO - Name.pdf” per valid constancia into a folder</source>
        <translation>Guardar en una carpeta un archivo «FOLIO - Nombre.pdf» por cada constancia vigente</translation>
    </message>
    <message>
        <source>Sign-in sheet</source>
        <translation>Lista de asistencia</translation>
    </message>
    <message>
        <source>Printable attendance list of a session</source>
        <translation>Lista de asistencia de una sesión, para imprimir y firmar</translation>
    </message>
    <message>
        <source>Group report…</source>
        <translation>Reporte del grupo…</translation>
    </message>
    <message>
        <source>Save the group&apos;s report as PDF</source>
        <translation>Guardar el reporte del grupo en PDF</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Show the selected constancia</source>
        <translation>Mostrar la constancia seleccionada</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Guardar PDF…</translation>
    </message>
    <message>
        <source>One PDF per person…</source>
        <translation>Un PDF por persona…</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>Reimprimir…</translation>
    </message>
    <message>
        <source>Print the selected constancias again</source>
        <translation>Imprimir de nuevo las constancias seleccionadas</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>Corregir…</translation>
    </message>
    <message>
        <source>Issue a corrected constancia with the current data; the old one becomes superseded</source>
        <translation>Emitir una constancia corregida con los datos actuales; la anterior queda sustituida</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Revocar…</translation>
    </message>
    <message>
        <source>Revoke the selected constancia (the record stays)</source>
        <translation>Revocar la constancia seleccionada (el registro se conserva)</translation>
    </message>
    <message>
        <source>Constancias of the group</source>
        <translation>Constancias del grupo</translation>
    </message>
    <message>
        <source>No constancias have been issued yet. When the course is over, check the results and press “Issue constancias”: only those who qualify receive one.</source>
        <translation>Aún no se han emitido constancias. Al terminar el curso, revise los resultados y pulse «Emitir constancias»: solo la reciben quienes acreditan.</translation>
    </message>
    <message>
        <source>Selected:</source>
        <translation>Seleccionadas:</translation>
    </message>
    <message>
        <source>{valid} valid constancias</source>
        <translation>Constancias vigentes: {valid}</translation>
    </message>
    <message>
        <source>Session {number} · {date}…</source>
        <translation>Sesión {number} · {date}…</translation>
    </message>
    <message>
        <source>Wait until the current task finishes</source>
        <translation>Espere a que termine la tarea en curso</translation>
    </message>
    <message>
        <source>There are no valid constancias yet: issue them first</source>
        <translation>Aún no hay constancias vigentes: emítalas primero</translation>
    </message>
    <message>
        <source>A revoked constancia is not shown again</source>
        <translation>Una constancia revocada ya no se muestra</translation>
    </message>
    <message>
        <source>Select one constancia to preview it</source>
        <translation>Seleccione una constancia para verla</translation>
    </message>
    <message>
        <source>Revoked constancias are not printed again</source>
        <translation>Las constancias revocadas no se vuelven a imprimir</translation>
    </message>
    <message>
        <source>Select the constancias to reprint</source>
        <translation>Seleccione las constancias que quiere reimprimir</translation>
    </message>
    <message>
        <source>Only a valid constancia can be corrected</source>
        <translation>Solo se puede corregir una constancia vigente</translation>
    </message>
    <message>
        <source>Select one valid constancia to correct it</source>
        <translation>Seleccione una constancia vigente para corregirla</translation>
    </message>
    <message>
        <source>This constancia is already revoked</source>
        <translation>Esta constancia ya está revocada</translation>
    </message>
    <message>
        <source>Select one constancia to revoke it</source>
        <translation>Seleccione una constancia para revocarla</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>Cancelling after the current document…</source>
        <translation>Cancelando al terminar el documento en curso…</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} de {total}</translation>
    </message>
    <message>
        <source>The file could not be written: {error}</source>
        <translation>No se pudo escribir el archivo: {error}</translation>
    </message>
    <message>
        <source>Cancelled. What was already finished is complete.</source>
        <translation>Cancelado. Lo que ya se terminó está completo.</translation>
    </message>
    <message>
        <source>Issuing constancias…</source>
        <translation>Emitiendo constancias…</translation>
    </message>
    <message>
        <source>Issued now: {issued} · already had one: {already} · do not qualify: {not_qualified}</source>
        <translation>Emitidas ahora: {issued} · ya tenían: {already} · no acreditan: {not_qualified}</translation>
    </message>
    <message>
        <source>Save constancias</source>
        <translation>Guardar constancias</translation>
    </message>
    <message>
        <source>Constancias {group}.pdf</source>
        <translation>Constancias {group}.pdf</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Documentos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saving {file}…</source>
        <translation>Guardando {file}…</translation>
    </message>
    <message>
        <source>Folder for the constancias</source>
        <translation>Carpeta para las constancias</translation>
    </message>
    <message>
        <source>Saving one PDF per person…</source>
        <translation>Guardando un PDF por persona…</translation>
    </message>
    <message>
        <source>Saved {file}.</source>
        <translation>Se guardó {file}.</translation>
    </message>
    <message>
        <source>Saved {count} files in {folder}.</source>
        <translation>Se guardaron {count} archivos en {folder}.</translation>
    </message>
    <message>
        <source>Save sign-in sheet</source>
        <translation>Guardar lista de asistencia</translation>
    </message>
    <message>
        <source>Sign-in sheet {group} session {number}.pdf</source>
        <translation>Lista de asistencia {group} sesión {number}.pdf</translation>
    </message>
    <message>
        <source>Save group report</source>
        <translation>Guardar reporte del grupo</translation>
    </message>
    <message>
        <source>Group report {group}.pdf</source>
        <translation>Reporte del grupo {group}.pdf</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>Preparando la vista previa…</translation>
    </message>
    <message>
        <source>Preparing the constancias to print…</source>
        <translation>Preparando las constancias para imprimir…</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Imprimiendo…</translation>
    </message>
    <message>
        <source>Sent {pages} pages to the printer.</source>
        <translation>Se enviaron {pages} páginas a la impresora.</translation>
    </message>
    <message>
        <source>Correct constancia</source>
        <translation>Corregir constancia</translation>
    </message>
    <message>
        <source>A new constancia with a new folio will be issued for {name} with the current data of the person and the course; {folio} becomes superseded.</source>
        <translation>Se emitirá para {name} una constancia nueva, con folio nuevo y los datos actuales de la persona y del curso; la {folio} quedará sustituida.</translation>
    </message>
    <message>
        <source>Issue correction</source>
        <translation>Emitir corrección</translation>
    </message>
    <message>
        <source>E.g. the name was misspelled</source>
        <translation>Ej. el nombre estaba mal escrito</translation>
    </message>
    <message>
        <source>Issuing the correction…</source>
        <translation>Emitiendo la corrección…</translation>
    </message>
    <message>
        <source>Issued {folio} for {name}.</source>
        <translation>Se emitió la constancia {folio} para {name}.</translation>
    </message>
    <message>
        <source>Revoke constancia</source>
        <translation>Revocar constancia</translation>
    </message>
    <message>
        <source>Constancia {folio} of {name} will no longer be valid: anyone who verifies it will see that it was revoked, with the reason. This cannot be undone.</source>
        <translation>La constancia {folio} de {name} dejará de ser válida: quien la verifique verá que fue revocada y el motivo. Esto no se puede deshacer.</translation>
    </message>
    <message>
        <source>E.g. issued by mistake</source>
        <translation>Ej. se emitió por error</translation>
    </message>
    <message>
        <source>Constancia {folio} was revoked.</source>
        <translation>Se revocó la constancia {folio}.</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <source>Connect to the server</source>
        <translation>Conectar con el servidor</translation>
    </message>
    <message>
        <source>Ask the administrator of the server for a one-time code for this computer. The changes made on this computer are kept and sent to the server.</source>
        <translation>Pida al administrador del servidor un código de un solo uso para esta computadora. Los cambios hechos en esta computadora se conservan y se envían al servidor.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>Type the code or paste the text of the QR</source>
        <translation>Escriba el código o pegue el texto del QR</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>Código de un solo uso</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Conectar</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Dirección del servidor:</translation>
    </message>
    <message>
        <source>One-time &amp;code:</source>
        <translation>&amp;Código de un solo uso:</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>Conectando con {url}…</translation>
    </message>
</context>
<context>
    <name>FeedbackBar</name>
    <message>
        <source>Last scan</source>
        <translation>Último escaneo</translation>
    </message>
    <message>
        <source>Undone: {what}.</source>
        <translation>Se deshizo: {what}.</translation>
    </message>
    <message>
        <source>{name} is now: {status}.</source>
        <translation>{name} ahora: {status}.</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>Present</source>
        <translation>Presente</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Retardo</translation>
    </message>
    <message>
        <source>Left early</source>
        <translation>Salió antes</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Falta</translation>
    </message>
    <message>
        <source>Excused</source>
        <translation>Justificada</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Sin registro</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Baja</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Inscrito</translation>
    </message>
    <message>
        <source>No dates</source>
        <translation>Sin fechas</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <source>Edit group</source>
        <translation>Editar grupo</translation>
    </message>
    <message>
        <source>New group</source>
        <translation>Nuevo grupo</translation>
    </message>
    <message>
        <source>E.g. Teaching room, first floor</source>
        <translation>Ej. Aula de enseñanza, planta alta</translation>
    </message>
    <message>
        <source>Separate several with commas</source>
        <translation>Si son varios, sepárelos con comas</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Curso</translation>
    </message>
    <message>
        <source>Venue unit</source>
        <translation>Unidad sede</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Aula o sala</translation>
    </message>
    <message>
        <source>Instructor(s)</source>
        <translation>Instructor(es)</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Cupo</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Primer día</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Create group</source>
        <translation>Crear grupo</translation>
    </message>
    <message>
        <source>There are no work units yet. Import a staff list or sync this device before creating a group.</source>
        <translation>Aún no hay unidades. Importe una plantilla o sincronice este equipo antes de crear un grupo.</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sesión</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Término</translation>
    </message>
    <message>
        <source>Session {number}</source>
        <translation>Sesión {number}</translation>
    </message>
    <message>
        <source>{session}: date</source>
        <translation>{session}: fecha</translation>
    </message>
    <message>
        <source>{session}: start</source>
        <translation>{session}: hora de inicio</translation>
    </message>
    <message>
        <source>{session}: end</source>
        <translation>{session}: hora de término</translation>
    </message>
    <message>
        <source>Write the name of at least one instructor.</source>
        <translation>Escriba el nombre de al menos un instructor.</translation>
    </message>
    <message>
        <source>Session {number}: the end time must be after the start time.</source>
        <translation>Sesión {number}: la hora de término debe ser posterior a la de inicio.</translation>
    </message>
    <message>
        <source>Session {number}: its date is before the previous session&apos;s.</source>
        <translation>Sesión {number}: su fecha es anterior a la de la sesión previa.</translation>
    </message>
</context>
<context>
    <name>GroupMenu</name>
    <message>
        <source>&amp;Group</source>
        <translation>&amp;Grupo</translation>
    </message>
    <message>
        <source>&amp;Import participants…</source>
        <translation>&amp;Importar participantes…</translation>
    </message>
    <message>
        <source>&amp;Attendance</source>
        <translation>&amp;Pase de lista</translation>
    </message>
    <message>
        <source>Ac&amp;tivities</source>
        <translation>Ac&amp;tividades</translation>
    </message>
    <message>
        <source>&amp;Results</source>
        <translation>&amp;Resultados</translation>
    </message>
    <message>
        <source>&amp;Close group</source>
        <translation>&amp;Cerrar grupo</translation>
    </message>
    <message>
        <source>&amp;Issue constancias</source>
        <translation>&amp;Emitir constancias</translation>
    </message>
    <message>
        <source>&amp;Documents</source>
        <translation>&amp;Documentos</translation>
    </message>
    <message>
        <source>&amp;Sign-in sheet</source>
        <translation>&amp;Lista de asistencia</translation>
    </message>
    <message>
        <source>Group &amp;report…</source>
        <translation>Reporte del &amp;grupo…</translation>
    </message>
    <message>
        <source>Open a group first</source>
        <translation>Abra un grupo primero</translation>
    </message>
    <message>
        <source>This group has no sessions</source>
        <translation>Este grupo no tiene sesiones</translation>
    </message>
    <message>
        <source>&amp;Attendance of today</source>
        <translation>&amp;Pase de lista de hoy</translation>
    </message>
    <message>
        <source>&amp;Attendance: session {number}</source>
        <translation>&amp;Pase de lista: sesión {number}</translation>
    </message>
    <message>
        <source>Ac&amp;tivities: session {number}</source>
        <translation>Ac&amp;tividades: sesión {number}</translation>
    </message>
    <message>
        <source>&amp;Reopen group…</source>
        <translation>&amp;Reabrir grupo…</translation>
    </message>
    <message>
        <source>Session {number}…</source>
        <translation>Sesión {number}…</translation>
    </message>
</context>
<context>
    <name>GroupView</name>
    <message>
        <source>Groups</source>
        <translation>Grupos</translation>
    </message>
    <message>
        <source>Back to the list of groups</source>
        <translation>Volver a la lista de grupos</translation>
    </message>
    <message>
        <source>Edit group…</source>
        <translation>Editar grupo…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <source>Group sections</source>
        <translation>Secciones del grupo</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>Participantes</translation>
    </message>
    <message>
        <source>Session {number}</source>
        <translation>Sesión {number}</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>The director profile only consults groups</source>
        <translation>El perfil de dirección solo consulta los grupos</translation>
    </message>
    <message>
        <source>The group is closed: reopen it to edit it</source>
        <translation>El grupo está cerrado: reábralo para editarlo</translation>
    </message>
    <message>
        <source>Read only: director profile</source>
        <translation>Solo consulta: perfil de dirección</translation>
    </message>
    <message>
        <source>The director profile cannot issue, correct or revoke constancias</source>
        <translation>El perfil de dirección no puede emitir, corregir ni revocar constancias</translation>
    </message>
    <message>
        <source>{code} · {dates} · {venue} · Instructor: {instructors}</source>
        <translation>{code} · {dates} · {venue} · Instructor: {instructors}</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerrado</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abierto</translation>
    </message>
    <message>
        <source>Today&apos;s session</source>
        <translation>Sesión de hoy</translation>
    </message>
    <message>
        <source>Undo: {what}</source>
        <translation>Deshacer: {what}</translation>
    </message>
    <message>
        <source>Redo: {what}</source>
        <translation>Rehacer: {what}</translation>
    </message>
    <message>
        <source>Nothing to undo on this screen</source>
        <translation>Nada que deshacer en esta pantalla</translation>
    </message>
    <message>
        <source>Nothing to redo on this screen</source>
        <translation>Nada que rehacer en esta pantalla</translation>
    </message>
</context>
<context>
    <name>GroupsTableModel</name>
    <message>
        <source>Code</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Curso</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Fechas</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Sede</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>Participantes</translation>
    </message>
    <message>
        <source>{attended} / {enrolled} attended</source>
        <translation>{attended} / {enrolled} asistieron</translation>
    </message>
    <message>
        <source>{attended} · {qualified} qualify · {pending} pending</source>
        <translation>{attended} · {qualified} acreditan · {pending} pendientes</translation>
    </message>
    <message>
        <source>{attended} · {qualified} qualify</source>
        <translation>{attended} · {qualified} acreditan</translation>
    </message>
</context>
<context>
    <name>GroupsView</name>
    <message>
        <source>Search by code, course, unit, room or instructor</source>
        <translation>Buscar por clave, curso, unidad, sala o instructor</translation>
    </message>
    <message>
        <source>Search groups</source>
        <translation>Buscar grupos</translation>
    </message>
    <message>
        <source>New group</source>
        <translation>Nuevo grupo</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>No group is in progress.</source>
        <translation>No hay grupos en curso.</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Próximos</translation>
    </message>
    <message>
        <source>No upcoming groups. Create one with “New group”.</source>
        <translation>No hay grupos próximos. Cree uno con «Nuevo grupo».</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Concluidos</translation>
    </message>
    <message>
        <source>No finished groups yet.</source>
        <translation>Aún no hay grupos concluidos.</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Grupos</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>Instructor&apos;s guide</source>
        <translation>Guía del instructor</translation>
    </message>
    <message>
        <source>The guide was not found in {path}.</source>
        <translation>No se encontró la guía en {path}.</translation>
    </message>
</context>
<context>
    <name>ImagePicker</name>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Choose {what}</source>
        <translation>Elegir {what}</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg)</translation>
    </message>
</context>
<context>
    <name>ImportProblemsTableModel</name>
    <message>
        <source>Row</source>
        <translation>Fila</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Import report</source>
        <translation>Informe de la importación</translation>
    </message>
    <message>
        <source>{file}: {created} new, {updated} updated, {unchanged} unchanged; {problems} rows with problems.</source>
        <translation>{file}: {created} nuevos, {updated} actualizados, {unchanged} sin cambios; {problems} filas con problemas.</translation>
    </message>
    <message>
        <source>New people (on no staff list yet): {count}</source>
        <translation>Personas nuevas (aún en ninguna plantilla): {count}</translation>
    </message>
    <message>
        <source>New to the staff list: {count}</source>
        <translation>Nuevos en la plantilla: {count}</translation>
    </message>
    <message>
        <source>Updated: {count}</source>
        <translation>Actualizados: {count}</translation>
    </message>
    <message>
        <source>    Row {row}, {name}: changed {fields}</source>
        <translation>    Fila {row}, {name}: cambió {fields}</translation>
    </message>
    <message>
        <source>    … and {count} more</source>
        <translation>    … y {count} más</translation>
    </message>
    <message>
        <source>Already up to date: {count}</source>
        <translation>Ya estaban al día: {count}</translation>
    </message>
    <message>
        <source>Enrolled in the group now: {count}</source>
        <translation>Inscritos en el grupo ahora: {count}</translation>
    </message>
    <message>
        <source>Already enrolled: {count}</source>
        <translation>Ya estaban inscritos: {count}</translation>
    </message>
    <message>
        <source>{count} participants now on the roster.</source>
        <translation>Ahora hay {count} participantes en la lista.</translation>
    </message>
    <message>
        <source>Columns not used: {columns}</source>
        <translation>Columnas no utilizadas: {columns}</translation>
    </message>
    <message>
        <source>Rows not imported</source>
        <translation>Filas no importadas</translation>
    </message>
    <message>
        <source>These rows were not imported; correct them in the file and import it again:</source>
        <translation>Estas filas no se importaron; corríjalas en el archivo e impórtelo de nuevo:</translation>
    </message>
    <message>
        <source>Every row was imported.</source>
        <translation>Se importaron todas las filas.</translation>
    </message>
</context>
<context>
    <name>IssueSummaryDialog</name>
    <message>
        <source>Constancias issued</source>
        <translation>Constancias emitidas</translation>
    </message>
    <message>
        <source>Who did not receive a constancia, and why</source>
        <translation>Quiénes no recibieron constancia y por qué</translation>
    </message>
    <message>
        <source>✗ {name}: {reasons}</source>
        <translation>✗ {name}: {reasons}</translation>
    </message>
    <message>
        <source>⚠ {name}: {reasons}</source>
        <translation>⚠ {name}: {reasons}</translation>
    </message>
    <message>
        <source>Without a constancia:</source>
        <translation>Sin constancia:</translation>
    </message>
    <message>
        <source>Issuing was cancelled. The {count} constancias issued before cancelling are valid; issue again to finish.</source>
        <translation>Se canceló la emisión. Las {count} constancias emitidas antes de cancelar son válidas; vuelva a emitir para terminar.</translation>
    </message>
    <message>
        <source>✓ Issued {count} constancias.</source>
        <translation>✓ Se emitieron {count} constancias.</translation>
    </message>
    <message>
        <source>Issued now: {count}</source>
        <translation>Emitidas ahora: {count}</translation>
    </message>
    <message>
        <source>Already had a valid constancia: {count}</source>
        <translation>Ya tenían constancia vigente: {count}</translation>
    </message>
    <message>
        <source>Do not qualify: {count}</source>
        <translation>No acreditan: {count}</translation>
    </message>
    <message>
        <source>Could not be issued (texts too long for the QR): {count}</source>
        <translation>No se pudieron emitir (textos demasiado largos para el QR): {count}</translation>
    </message>
</context>
<context>
    <name>IssuedPeriodDialog</name>
    <message>
        <source>Constancias issued in a period</source>
        <translation>Constancias emitidas en un periodo</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>One row per constancia issued for the unit&apos;s groups, with folio, worker, course, hours and dates, as the DC-4 list asks.</source>
        <translation>Una fila por cada constancia emitida en los grupos de la unidad, con folio, trabajador, curso, horas y fechas, como lo pide la lista DC-4.</translation>
    </message>
    <message>
        <source>The last day is before the first one.</source>
        <translation>El último día es anterior al primero.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sections</source>
        <translation>Secciones</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Grupos</translation>
    </message>
    <message>
        <source>Staff list</source>
        <translation>Plantilla</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Cobertura</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <extracomment>Below this many average characters of room beside the navigation, it shows icons only.</extracomment>
        <translation>&amp;Acercar</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>A&amp;lejar</translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation>Tamaño &amp;normal</translation>
    </message>
    <message>
        <source>&amp;New group…</source>
        <translation>&amp;Nuevo grupo…</translation>
    </message>
    <message>
        <source>&amp;Groups</source>
        <translation>&amp;Grupos</translation>
    </message>
    <message>
        <source>&amp;Staff list</source>
        <translation>&amp;Plantilla</translation>
    </message>
    <message>
        <source>&amp;Coverage</source>
        <translation>&amp;Cobertura</translation>
    </message>
    <message>
        <source>Switch &amp;profile…</source>
        <translation>Cambiar de &amp;perfil…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Verify constancia…</source>
        <translation>&amp;Verificar constancia…</translation>
    </message>
    <message>
        <source>Instructor&apos;s &amp;guide</source>
        <translation>&amp;Guía del instructor</translation>
    </message>
    <message>
        <source>&amp;About Aula</source>
        <translation>&amp;Acerca de Aula</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Herramientas</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>{count} units</source>
        <translation>{count} unidades</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>The director profile consults; switch to the instructor profile to do this</source>
        <translation>El perfil de dirección solo consulta; cambie al perfil de instructor para hacer esto</translation>
    </message>
    <message>
        <source>About Aula</source>
        <translation>Acerca de Aula</translation>
    </message>
    <message>
        <source>&lt;b&gt;Aula {version}&lt;/b&gt;&lt;p&gt;Attendance, participation and constancias of the courses, without a network.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Aula {version}&lt;/b&gt;&lt;p&gt;Asistencia, participación y constancias de los cursos, sin necesidad de red.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MissingDatabaseDialog</name>
    <message>
        <source>Database not found</source>
        <translation>No se encontró la base de datos</translation>
    </message>
    <message>
        <source>The database {path} is empty (0 bytes), but this computer already used it: its constancias are numbered with the key {code}.</source>
        <translation>La base de datos {path} está vacía (0 bytes), pero este equipo ya la usaba: sus constancias se numeran con la llave {code}.</translation>
    </message>
    <message>
        <source>The database {path} is not there, but this computer already used it: its constancias are numbered with the key {code}.</source>
        <translation>La base de datos {path} no está, pero este equipo ya la usaba: sus constancias se numeran con la llave {code}.</translation>
    </message>
    <message>
        <source>If the file was moved, quit and put it back. The newest good backup was made on {date} at {time} ({name}); restoring it brings back everything recorded until then.</source>
        <translation>Si el archivo se movió, salga y regréselo a su lugar. El respaldo en buen estado más reciente es del {date} a las {time} ({name}); al restaurarlo vuelve todo lo registrado hasta ese momento.</translation>
    </message>
    <message>
        <source>If the file was moved, quit and put it back. There is no backup in {folder}.</source>
        <translation>Si el archivo se movió, salga y regréselo a su lugar. No hay respaldos en {folder}.</translation>
    </message>
    <message>
        <source>Starting a new, empty database is only right if the old one is truly lost: the next constancias will carry a new key, so no folio is ever repeated.</source>
        <translation>Empezar una base de datos nueva y vacía solo conviene si la anterior de verdad se perdió: las siguientes constancias llevarán una llave nueva, así que ningún folio se repite.</translation>
    </message>
    <message>
        <source>Start a new database</source>
        <translation>Empezar una base nueva</translation>
    </message>
</context>
<context>
    <name>ParkedChangesDialog</name>
    <message>
        <source>Rejected changes</source>
        <translation>Cambios rechazados</translation>
    </message>
    <message>
        <source>The server did not accept these changes. Retry one once the cause is fixed, or discard it: a discarded change stays only in the history of this computer.</source>
        <translation>El servidor no aceptó estos cambios. Reintente uno cuando se haya corregido la causa, o descártelo: un cambio descartado solo queda en el historial de esta computadora.</translation>
    </message>
    <message>
        <source>No change is waiting.</source>
        <translation>No hay cambios en espera.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Send the change to the server again</source>
        <translation>Enviar de nuevo el cambio al servidor</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>Descartar…</translation>
    </message>
    <message>
        <source>Give up the change; the server keeps its version</source>
        <translation>Renunciar al cambio; el servidor conserva su versión</translation>
    </message>
    <message>
        <source>New or changed</source>
        <translation>Alta o cambio</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Baja</translation>
    </message>
    <message>
        <source>Select a change first</source>
        <translation>Seleccione primero un cambio</translation>
    </message>
    <message>
        <source>Discard this change to {record}?</source>
        <translation>¿Descartar este cambio a {record}?</translation>
    </message>
    <message>
        <source>It will not reach the server; the server&apos;s version stays. This cannot be undone.</source>
        <translation>No llegará al servidor; se queda la versión del servidor. No se puede deshacer.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
</context>
<context>
    <name>ParticipationTableModel</name>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>{name}, {activity}: {value}</source>
        <translation>{name}, {activity}: {value}</translation>
    </message>
    <message>
        <source>took part</source>
        <translation>participó</translation>
    </message>
    <message>
        <source>did not take part</source>
        <translation>no participó</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>Participante</translation>
    </message>
    <message>
        <source>{name} — click the header to mark that everyone took part</source>
        <translation>{name} — haga clic en el encabezado para marcar que todos participaron</translation>
    </message>
</context>
<context>
    <name>ParticipationView</name>
    <message>
        <source>Participation in the session&apos;s activities</source>
        <translation>Participación en las actividades de la sesión</translation>
    </message>
    <message>
        <source>Everyone took part</source>
        <translation>Todos participaron</translation>
    </message>
    <message>
        <source>Mark that everyone took part in the selected activity</source>
        <translation>Marcar que todos participaron en la actividad seleccionada</translation>
    </message>
    <message>
        <source>Ctrl+F finds · arrows move · Space ticks · a click on a title: everyone</source>
        <translation>Ctrl+F busca · flechas: moverse · Espacio: marcar · clic en un título: todos</translation>
    </message>
    <message>
        <source>Find by name or employee number</source>
        <translation>Buscar por nombre o matrícula</translation>
    </message>
    <message>
        <source>Find a participant</source>
        <translation>Buscar participante</translation>
    </message>
    <message>
        <source>Type a name or employee number; Enter goes to the row, then Space ticks</source>
        <translation>Escriba un nombre o una matrícula; Enter lleva a la fila y la barra espaciadora la marca</translation>
    </message>
    <message>
        <source>Current cell</source>
        <translation>Celda actual</translation>
    </message>
    <message>
        <source>{number}. {name} · {activity}: {value}</source>
        <translation>{number}. {name} · {activity}: {value}</translation>
    </message>
    <message>
        <source>took part</source>
        <translation>participó</translation>
    </message>
    <message>
        <source>did not take part</source>
        <translation>no participó</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Participación</translation>
    </message>
    <message>
        <source>Everyone took part: {activity}</source>
        <translation>Todos participaron: {activity}</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>Print on Letter paper (Ctrl+P)</source>
        <translation>Imprimir en papel carta (Ctrl+P)</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Director</source>
        <translation>Director</translation>
    </message>
    <message>
        <source>Instructor</source>
        <translation>Instructor</translation>
    </message>
    <message>
        <source>Switch profile</source>
        <translation>Cambiar de perfil</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Only if the profile has one</source>
        <translation>Solo si el perfil tiene uno</translation>
    </message>
    <message>
        <source>Set a new PIN for this profile</source>
        <translation>Poner un PIN nuevo a este perfil</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>PIN nuevo</translation>
    </message>
    <message>
        <source>4 to 12 digits; empty removes the PIN</source>
        <translation>De 4 a 12 dígitos; vacío quita el PIN</translation>
    </message>
    <message>
        <source>The director profile consults coverage, history and constancias; it cannot record attendance or participation, change rosters or issue constancias.</source>
        <translation>El perfil de dirección consulta la cobertura, el historial y las constancias; no puede registrar asistencia ni participación, cambiar listas de participantes ni emitir constancias.</translation>
    </message>
    <message>
        <source>Switch</source>
        <translation>Cambiar</translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <source>Read only: Aula cannot write in the data folder {folder}. You can consult groups, results and documents, but nothing you change is saved. Close Aula, fix the folder (permissions, a full or read-only disk) and open it again.</source>
        <translation>Solo lectura: Aula no puede escribir en la carpeta de datos {folder}. Puede consultar grupos, resultados y documentos, pero no se guarda ningún cambio. Cierre Aula, corrija la carpeta (permisos, disco lleno o de solo lectura) y ábrala de nuevo.</translation>
    </message>
    <message>
        <source>Read-only mode</source>
        <translation>Modo de solo lectura</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Reason (kept in the record):</source>
        <translation>Motivo (queda en el registro):</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <source>Reopen group</source>
        <translation>Reabrir grupo</translation>
    </message>
    <message>
        <source>Reopening allows changing attendance and participation again. The reason is recorded. Why do you reopen it?</source>
        <translation>Al reabrir se podrán modificar de nuevo la asistencia y la participación. El motivo queda registrado. ¿Por qué lo reabre?</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>E.g. correct a check-out time</source>
        <translation>Ej. corregir una hora de salida</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Reabrir</translation>
    </message>
</context>
<context>
    <name>RestoreBackupAction</name>
    <message>
        <source>&amp;Restore backup…</source>
        <translation>&amp;Restaurar respaldo…</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>Restaurar respaldo</translation>
    </message>
    <message>
        <source>Aula databases (*.sqlite3);;All files (*)</source>
        <translation>Bases de datos de Aula (*.sqlite3);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Replace the current database with {name}?</source>
        <translation>¿Reemplazar la base de datos actual por {name}?</translation>
    </message>
    <message>
        <source>What was recorded after this backup was made will no longer be shown. The current database is kept as {file}.replaced-… next to it; nothing is deleted.</source>
        <translation>Lo registrado después de hacerse este respaldo ya no se mostrará. La base de datos actual se guarda aparte como {file}.replaced-… en la misma carpeta; no se borra nada.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <source>The backup {name} was restored. The previous database was kept as {aside}.</source>
        <translation>Se restauró el respaldo {name}. La base de datos anterior se guardó como {aside}.</translation>
    </message>
</context>
<context>
    <name>RestoreOffer</name>
    <message>
        <source>Restore backup</source>
        <translation>Restaurar respaldo</translation>
    </message>
    <message>
        <source>Quit Aula</source>
        <translation>Salir de Aula</translation>
    </message>
</context>
<context>
    <name>ResultsTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Employee no.</source>
        <translation>Matrícula</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>Motivos</translation>
    </message>
    <message>
        <source>Qualifies</source>
        <translation>Acredita</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Does not qualify</source>
        <translation>No acredita</translation>
    </message>
    <message>
        <source>External: {institution}</source>
        <translation>Externo: {institution}</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>Show only those who do not qualify</source>
        <translation>Mostrar solo quienes no acreditan</translation>
    </message>
    <message>
        <source>Filter: does not qualify</source>
        <translation>Filtro: no acredita</translation>
    </message>
    <message>
        <source>Close group</source>
        <translation>Cerrar grupo</translation>
    </message>
    <message>
        <source>Lock the attendance and participation marks</source>
        <translation>Bloquear los registros de asistencia y participación</translation>
    </message>
    <message>
        <source>Reopen group…</source>
        <translation>Reabrir grupo…</translation>
    </message>
    <message>
        <source>Allow corrections again (recorded with its reason)</source>
        <translation>Permitir correcciones de nuevo (queda registrado con su motivo)</translation>
    </message>
    <message>
        <source>Issue constancias</source>
        <translation>Emitir constancias</translation>
    </message>
    <message>
        <source>Issue a constancia to everyone who qualifies and has none yet</source>
        <translation>Emitir una constancia a cada participante que acredita y aún no tiene una</translation>
    </message>
    <message>
        <source>Sign-in sheet</source>
        <translation>Lista de asistencia</translation>
    </message>
    <message>
        <source>Printable attendance list of a session</source>
        <translation>Lista de asistencia de una sesión, para imprimir y firmar</translation>
    </message>
    <message>
        <source>Group report…</source>
        <translation>Reporte del grupo…</translation>
    </message>
    <message>
        <source>Save the group&apos;s report as PDF</source>
        <translation>Guardar el reporte del grupo en PDF</translation>
    </message>
    <message>
        <source>Results of the group</source>
        <translation>Resultados del grupo</translation>
    </message>
    <message>
        <source>{qualified} of {enrolled} qualify · {pending} pending</source>
        <translation>{qualified} de {enrolled} acreditan · {pending} pendientes</translation>
    </message>
    <message>
        <source>{qualified} of {enrolled} qualify</source>
        <translation>{qualified} de {enrolled} acreditan</translation>
    </message>
    <message>
        <source>Nobody qualifies yet: constancias are issued to those who qualify</source>
        <translation>Nadie acredita todavía: las constancias se emiten a quienes acreditan</translation>
    </message>
    <message>
        <source>Session {number} · {date}…</source>
        <translation>Sesión {number} · {date}…</translation>
    </message>
    <message>
        <source>Close the group?</source>
        <translation>¿Cerrar el grupo?</translation>
    </message>
    <message>
        <source>Attendance and participation marks become read-only and constancias can be issued. You can reopen the group later, giving the reason.</source>
        <translation>Las marcas de asistencia y participación ya no se podrán modificar y se podrán emitir constancias. Puede reabrir el grupo después, indicando el motivo.</translation>
    </message>
</context>
<context>
    <name>RosterTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Employee no.</source>
        <translation>Matrícula</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Turno</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>External: {institution}</source>
        <translation>Externo: {institution}</translation>
    </message>
</context>
<context>
    <name>RosterView</name>
    <message>
        <source>Add from staff list…</source>
        <translation>Agregar de la plantilla…</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>Importar archivo…</translation>
    </message>
    <message>
        <source>New participant…</source>
        <translation>Participante nuevo…</translation>
    </message>
    <message>
        <source>A worker who is not on the staff list</source>
        <translation>Un trabajador que no está en la plantilla</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Dar de baja</translation>
    </message>
    <message>
        <source>Withdraw the selected participant (marks are kept)</source>
        <translation>Dar de baja al participante seleccionado (sus registros se conservan)</translation>
    </message>
    <message>
        <source>Import in progress</source>
        <translation>Importación en curso</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>Participantes</translation>
    </message>
    <message>
        <source>No participants yet. Import the list or add them from the staff list.</source>
        <translation>Aún no hay participantes. Importe la lista o agréguelos desde la plantilla.</translation>
    </message>
    <message>
        <source>{count} enrolled</source>
        <translation>{count} inscritos</translation>
    </message>
    <message>
        <source>The group is closed: reopen it to change its participants</source>
        <translation>El grupo está cerrado: reábralo para cambiar a sus participantes</translation>
    </message>
    <message>
        <source>{name} was added to the group.</source>
        <translation>{name} se agregó al grupo.</translation>
    </message>
    <message>
        <source>Import participant list</source>
        <translation>Importar lista de participantes</translation>
    </message>
    <message>
        <source>Lists (*.xlsx *.csv)</source>
        <translation>Listas (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>An import is in progress</source>
        <translation>Hay una importación en curso</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>Importando {file}…</translation>
    </message>
    <message>
        <source>Withdraw {name} from the group?</source>
        <translation>¿Dar de baja a {name} del grupo?</translation>
    </message>
    <message>
        <source>Their marks are kept, but they will no longer appear in the attendance or qualify. You can undo it (Ctrl+Z).</source>
        <translation>Sus registros se conservan, pero ya no aparecerá en el pase de lista ni podrá acreditar. Puede deshacerlo (Ctrl+Z).</translation>
    </message>
    <message>
        <source>withdrawal of {name}</source>
        <translation>baja de {name}</translation>
    </message>
    <message>
        <source>{name} was withdrawn from the group.</source>
        <translation>{name} se dio de baja del grupo.</translation>
    </message>
    <message>
        <source>{name} is now: {status}.</source>
        <translation>{name} ahora: {status}.</translation>
    </message>
</context>
<context>
    <name>SavedFilesDialog</name>
    <message>
        <source>PDF saved</source>
        <translation>PDF guardado</translation>
    </message>
    <message>
        <source>Saved {file}
in {folder}.</source>
        <translation>Se guardó {file}
en {folder}.</translation>
    </message>
    <message>
        <source>Saved {count} PDF files in {folder}.</source>
        <translation>Se guardaron {count} archivos PDF en {folder}.</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Abrir carpeta</translation>
    </message>
    <message>
        <source>Open PDF</source>
        <translation>Abrir PDF</translation>
    </message>
</context>
<context>
    <name>SessionView</name>
    <message>
        <source>&amp;Attendance</source>
        <translation>&amp;Pase de lista</translation>
    </message>
    <message>
        <source>Ac&amp;tivities</source>
        <translation>Ac&amp;tividades</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>A change of language applies the next time Aula starts.</source>
        <translation>El cambio de idioma se aplica la próxima vez que inicie Aula.</translation>
    </message>
</context>
<context>
    <name>StaffTableModel</name>
    <message>
        <source>Employee no.</source>
        <translation>Matrícula</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Turno</translation>
    </message>
</context>
<context>
    <name>StaffView</name>
    <message>
        <source>Name or employee number (accents not needed)</source>
        <translation>Nombre o matrícula (sin necesidad de acentos)</translation>
    </message>
    <message>
        <source>Search the staff list</source>
        <translation>Buscar en la plantilla</translation>
    </message>
    <message>
        <source>Import staff list…</source>
        <translation>Importar plantilla…</translation>
    </message>
    <message>
        <source>Import a unit&apos;s staff list from CSV or XLSX</source>
        <translation>Importar la plantilla de una unidad desde CSV o XLSX</translation>
    </message>
    <message>
        <source>Unit of the staff list to import</source>
        <translation>Unidad de la plantilla a importar</translation>
    </message>
    <message>
        <source>Edit worker…</source>
        <translation>Editar trabajador…</translation>
    </message>
    <message>
        <source>Correct the selected worker&apos;s data</source>
        <translation>Corregir los datos del trabajador seleccionado</translation>
    </message>
    <message>
        <source>Import in progress</source>
        <translation>Importación en curso</translation>
    </message>
    <message>
        <source>Staff list</source>
        <translation>Plantilla</translation>
    </message>
    <message>
        <source>{count} matches</source>
        <translation>{count} coincidencias</translation>
    </message>
    <message>
        <source>First {count} matches; keep typing to narrow the search</source>
        <translation>Primeras {count} coincidencias; siga escribiendo para acotar la búsqueda</translation>
    </message>
    <message>
        <source>{total} workers; type to search</source>
        <translation>{total} trabajadores; escriba para buscar</translation>
    </message>
    <message>
        <source>Select a worker in the list to correct their data</source>
        <translation>Seleccione un trabajador de la lista para corregir sus datos</translation>
    </message>
    <message>
        <source>{name}&apos;s data was saved.</source>
        <translation>Se guardaron los datos de {name}.</translation>
    </message>
    <message>
        <source>Import staff list</source>
        <translation>Importar plantilla</translation>
    </message>
    <message>
        <source>Lists (*.xlsx *.csv)</source>
        <translation>Listas (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>Importando {file}…</translation>
    </message>
</context>
<context>
    <name>SyncActions</name>
    <message>
        <source>S&amp;ync now</source>
        <extracomment>What a group&apos;s screen shows (its header, roster, marks, results and constancias).</extracomment>
        <translation>&amp;Sincronizar ahora</translation>
    </message>
    <message>
        <source>&amp;Connect to the server…</source>
        <translation>Co&amp;nectar con el servidor…</translation>
    </message>
    <message>
        <source>&amp;Disconnect this device…</source>
        <translation>&amp;Desconectar este equipo…</translation>
    </message>
    <message>
        <source>&amp;Rejected changes…</source>
        <translation>Cambios &amp;rechazados…</translation>
    </message>
    <message>
        <source>Sync is not available without a database</source>
        <translation>No se puede sincronizar sin base de datos</translation>
    </message>
    <message>
        <source>Connect this device to a server first (Tools › Connect to the server…)</source>
        <translation>Conecte primero este equipo con un servidor (Herramientas › Conectar con el servidor…)</translation>
    </message>
    <message>
        <source>The server removed this device; ask its administrator</source>
        <translation>El servidor dio de baja este equipo; consulte a su administrador</translation>
    </message>
    <message>
        <source>This database is not the one the server knows: connect this device again</source>
        <translation>Esta base de datos no es la que conoce el servidor: vuelva a conectar este equipo</translation>
    </message>
    <message>
        <source>This device is already connected to {url}</source>
        <translation>Este equipo ya está conectado con {url}</translation>
    </message>
    <message>
        <source>Wait until the sync ends</source>
        <translation>Espere a que termine la sincronización</translation>
    </message>
    <message>
        <source>No change was rejected</source>
        <translation>Ningún cambio fue rechazado</translation>
    </message>
    <message>
        <source>Disconnect this device from {url}?</source>
        <translation>¿Desconectar este equipo de {url}?</translation>
    </message>
    <message>
        <source>Nothing recorded on this computer is deleted; changes not yet sent stay here until the device is connected again.</source>
        <translation>No se borra nada de lo registrado en esta computadora; los cambios aún no enviados se quedan aquí hasta que el equipo se conecte de nuevo.</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Desconectar</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify constancia</source>
        <translation>Verificar constancia</translation>
    </message>
    <message>
        <source>Scan the QR code of the constancia with the reader, or paste its text and press Enter.</source>
        <translation>Escanee el código QR de la constancia con el lector, o pegue su texto y pulse Intro.</translation>
    </message>
    <message>
        <source>QR text</source>
        <translation>Texto del QR</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>CURP</source>
        <translation>CURP</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Curso</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Horas</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Fechas</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Sede</translation>
    </message>
    <message>
        <source>Instructor</source>
        <translation>Instructor(a)</translation>
    </message>
    <message>
        <source>Signed by device</source>
        <translation>Firmada por el equipo</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Revocada</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Sustituida</translation>
    </message>
    <message>
        <source>Authentic</source>
        <translation>Auténtica</translation>
    </message>
    <message>
        <source>Unknown key</source>
        <translation>Llave desconocida</translation>
    </message>
    <message>
        <source>Not valid: altered signature</source>
        <translation>No válida: firma alterada</translation>
    </message>
    <message>
        <source>Damaged QR</source>
        <translation>QR dañado</translation>
    </message>
    <message>
        <source>Not a constancia QR</source>
        <translation>No es un QR de constancia</translation>
    </message>
    <message>
        <source>Signed by device {device}, which this device does not know yet. Synchronize, or verify it online.</source>
        <translation>La firmó el equipo {device}, que este equipo aún no conoce. Sincronice o verifíquela en línea.</translation>
    </message>
    <message>
        <source>The data do not match the signature: the constancia was altered or is not authentic.</source>
        <translation>Los datos no coinciden con la firma: la constancia fue alterada o no es auténtica.</translation>
    </message>
    <message>
        <source>The code could not be read completely. Scan it again; if it still fails, the printed code is damaged.</source>
        <translation>No se pudo leer el código completo. Escanéelo de nuevo; si vuelve a fallar, el código impreso está dañado.</translation>
    </message>
    <message>
        <source>This code was not made by Aula. Scan the QR printed on the constancia.</source>
        <translation>Este código no lo generó Aula. Escanee el QR impreso en la constancia.</translation>
    </message>
    <message>
        <source>Status here: not issued on this device (the signature is authentic).</source>
        <translation>Estado en este equipo: no se emitió en este equipo (la firma es auténtica).</translation>
    </message>
    <message>
        <source>Status here: revoked: {reason}</source>
        <translation>Estado en este equipo: revocada: {reason}</translation>
    </message>
    <message>
        <source>Status here: superseded by folio {folio}</source>
        <translation>Estado en este equipo: sustituida por el folio {folio}</translation>
    </message>
    <message>
        <source>Status here: superseded</source>
        <translation>Estado en este equipo: sustituida</translation>
    </message>
    <message>
        <source>Status here: valid</source>
        <translation>Estado en este equipo: vigente</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <source>New participant</source>
        <translation>Participante nuevo</translation>
    </message>
    <message>
        <source>Employee no.*</source>
        <translation>Matrícula*</translation>
    </message>
    <message>
        <source>Given names*</source>
        <translation>Nombre(s)*</translation>
    </message>
    <message>
        <source>Paternal surname*</source>
        <translation>Apellido paterno*</translation>
    </message>
    <message>
        <source>Maternal surname</source>
        <translation>Apellido materno</translation>
    </message>
    <message>
        <source>CURP</source>
        <translation>CURP</translation>
    </message>
    <message>
        <source>External participant (from another institution, without employee number)</source>
        <translation>Participante externo (de otra institución, sin matrícula)</translation>
    </message>
    <message>
        <source>Institution*</source>
        <translation>Institución*</translation>
    </message>
    <message>
        <source>Credential no.</source>
        <translation>Núm. de credencial</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Turno</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Agregar</translation>
    </message>
    <message>
        <source>CURP*</source>
        <translation>CURP*</translation>
    </message>
    <message>
        <source>Fields marked * are required. The CURP identifies an external participant; scanning it or the credential number marks their attendance.</source>
        <translation>Los campos con * son obligatorios. La CURP identifica al participante externo; al escanearla, o escribir su número de credencial, se registra su asistencia.</translation>
    </message>
    <message>
        <source>Fields marked * are required. The CURP is optional but, if given, must be valid.</source>
        <translation>Los campos con * son obligatorios. La CURP es opcional, pero si se escribe debe ser válida.</translation>
    </message>
    <message>
        <source>CURP: an external participant is identified by the CURP; write it.</source>
        <translation>CURP: un participante externo se identifica por su CURP; escríbala.</translation>
    </message>
    <message>
        <source>{field}: {reason}.</source>
        <translation>{field}: {reason}.</translation>
    </message>
</context>
<context>
    <name>WorkerDetailDialog</name>
    <message>
        <source>Worker: {name}</source>
        <translation>Trabajador: {name}</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Curso</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Fechas</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>Inscripción</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Course history</source>
        <translation>Historial de cursos</translation>
    </message>
    <message>
        <source>Courses</source>
        <translation>Cursos</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sesión</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Horario</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Asistencia</translation>
    </message>
    <message>
        <source>Check-in</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Check-out</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>Attendance per session</source>
        <translation>Asistencia por sesión</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <source>Took part</source>
        <translation>Participó</translation>
    </message>
    <message>
        <source>Participation per activity</source>
        <translation>Participación por actividad</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Participación</translation>
    </message>
    <message>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Emitida</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Constancias</source>
        <translation>Constancias</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>Reimprimir…</translation>
    </message>
    <message>
        <source>Show the constancia as it was issued, to print it</source>
        <translation>Mostrar la constancia tal como se emitió, para imprimirla</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Check the signature of the selected constancia</source>
        <translation>Verificar la firma de la constancia seleccionada</translation>
    </message>
    <message>
        <source>Constancias ({count})</source>
        <translation>Constancias ({count})</translation>
    </message>
    <message>
        <source>Not marked</source>
        <translation>Sin registrar</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Vigente</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Sustituida</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Revocada</translation>
    </message>
    <message>
        <source>Select a constancia that is not revoked</source>
        <translation>Seleccione una constancia que no esté revocada</translation>
    </message>
    <message>
        <source>Select a constancia</source>
        <translation>Seleccione una constancia</translation>
    </message>
    <message>
        <source>Constancia {folio}</source>
        <translation>Constancia {folio}</translation>
    </message>
</context>
<context>
    <name>WorkerDialog</name>
    <message>
        <source>Edit worker {matricula}</source>
        <translation>Editar trabajador {matricula}</translation>
    </message>
    <message>
        <source>(no unit)</source>
        <translation>(sin unidad)</translation>
    </message>
    <message>
        <source>Employee no.</source>
        <translation>Matrícula</translation>
    </message>
    <message>
        <source>Given names*</source>
        <translation>Nombre(s)*</translation>
    </message>
    <message>
        <source>Paternal surname*</source>
        <translation>Apellido paterno*</translation>
    </message>
    <message>
        <source>Maternal surname</source>
        <translation>Apellido materno</translation>
    </message>
    <message>
        <source>CURP</source>
        <translation>CURP</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Turno</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Fields marked * are required. The CURP is optional but, if given, must be valid. Constancias already issued keep the name they certified; correct them from the group&apos;s Documents tab.</source>
        <translation>Los campos marcados con * son obligatorios. La CURP es opcional, pero si se escribe debe ser válida. Las constancias ya emitidas conservan el nombre que certificaron; corríjalas desde la pestaña Documentos del grupo.</translation>
    </message>
</context>
</TS>

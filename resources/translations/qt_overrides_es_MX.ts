<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_MX" sourcelanguage="en">
  <context>
    <name>QFileDialog</name>
    <message>
      <source>&amp;Look in:</source>
      <translation>&amp;Buscar en:</translation>
    </message>
    <message>
      <source>Look in:</source>
      <translation>Buscar en:</translation>
    </message>
    <message>
      <source>File &amp;name:</source>
      <translation>&amp;Nombre de archivo:</translation>
    </message>
    <message>
      <source>Files of &amp;type:</source>
      <translation>Archivos de &amp;tipo:</translation>
    </message>
    <message>
      <source>Files of type:</source>
      <translation>Archivos de tipo:</translation>
    </message>
    <message>
      <source>All Files (*)</source>
      <translation>Todos los archivos (*)</translation>
    </message>
    <message>
      <source>%1
File not found.
Please verify the correct file name was given.</source>
      <translation>%1
No se encontró el archivo.
Verifique que el nombre del archivo sea correcto.</translation>
    </message>
    <message>
      <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
      <translation>%1
No se encontró la carpeta.
Verifique que el nombre de la carpeta sea correcto.</translation>
    </message>
    <message>
      <source>%1 already exists.
Do you want to replace it?</source>
      <translation>El archivo %1 ya existe.
¿Desea reemplazarlo?</translation>
    </message>
    <message>
      <source>Show &amp;hidden files</source>
      <translation>Mostrar archivos &amp;ocultos</translation>
    </message>
    <message>
      <source>Go to the parent directory</source>
      <translation>Ir a la carpeta superior</translation>
    </message>
    <message>
      <source>Parent Directory</source>
      <translation>Carpeta superior</translation>
    </message>
    <message>
      <source>Directory:</source>
      <translation>Carpeta:</translation>
    </message>
    <message>
      <source>Directories</source>
      <translation>Carpetas</translation>
    </message>
    <message>
      <source>Find Directory</source>
      <translation>Buscar carpeta</translation>
    </message>
    <message>
      <source>Could not delete directory.</source>
      <translation>No se pudo eliminar la carpeta.</translation>
    </message>
    <message>
      <source>Change to list view mode</source>
      <translation>Cambiar a vista de lista</translation>
    </message>
    <message>
      <source>File Folder</source>
      <translation>Carpeta de archivos</translation>
    </message>
    <message>
      <source>Forward</source>
      <translation>Adelante</translation>
    </message>
    <message>
      <source>Go forward</source>
      <translation>Ir adelante</translation>
    </message>
    <message>
      <source>&amp;Delete</source>
      <translation>&amp;Eliminar</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Eliminar</translation>
    </message>
    <message>
      <source>Are you sure you want to delete '%1'?</source>
      <translation>¿Está seguro de que desea eliminar «%1»?</translation>
    </message>
  </context>
  <context>
    <name>QAbstractFileIconProvider</name>
    <message>
      <source>Drive</source>
      <translation>Unidad</translation>
    </message>
    <message>
      <source>Folder</source>
      <comment>All other platforms</comment>
      <translation>Carpeta</translation>
    </message>
    <message>
      <source>File Folder</source>
      <comment>Match Windows Explorer</comment>
      <translation>Carpeta de archivos</translation>
    </message>
    <message>
      <source>Shortcut</source>
      <comment>All other platforms</comment>
      <translation>Acceso directo</translation>
    </message>
    <message>
      <source>Alias</source>
      <comment>macOS Finder</comment>
      <translation>Alias</translation>
    </message>
  </context>
  <context>
    <name>QFileSystemModel</name>
    <message>
      <source>Invalid filename</source>
      <translation>Nombre de archivo no válido</translation>
    </message>
  </context>
  <context>
    <name>QFile</name>
    <message>
      <source>Destination file is the same file.</source>
      <translation>El archivo de destino es el mismo.</translation>
    </message>
  </context>
  <context>
    <name>QIODevice</name>
    <message>
      <source>No such file or directory</source>
      <translation>No existe el archivo o la carpeta</translation>
    </message>
    <message>
      <source>Too many open files</source>
      <translation>Demasiados archivos abiertos</translation>
    </message>
  </context>
  <context>
    <name>QPrintDialog</name>
    <message>
      <source>%1 is a directory.
Please choose a different file name.</source>
      <translation>%1 es una carpeta.
Elija otro nombre de archivo.</translation>
    </message>
    <message>
      <source>File %1 is not writable.
Please choose a different file name.</source>
      <translation>No se puede escribir en el archivo %1.
Elija otro nombre de archivo.</translation>
    </message>
    <message>
      <source>Print To File ...</source>
      <translation>Imprimir a archivo...</translation>
    </message>
    <message>
      <source>Options 'Pages Per Sheet' and 'Page Set' cannot be used together.
Please turn one of those options off.</source>
      <translation>Las opciones «Páginas por hoja» y «Conjunto de páginas» no pueden usarse juntas.
Desactive una de ellas.</translation>
    </message>
    <message>
      <source>Right to Left, Top to Bottom</source>
      <translation>Derecha a izquierda, arriba a abajo</translation>
    </message>
  </context>
  <context>
    <name>QPrintWidget</name>
    <message>
      <source>Output &amp;file:</source>
      <translation>&amp;Archivo de salida:</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>Vista previa</translation>
    </message>
  </context>
  <context>
    <name>QPrintSettingsOutput</name>
    <message>
      <source>Double Sided Printing</source>
      <translation>Impresión a doble cara</translation>
    </message>
    <message>
      <source>Long side binding</source>
      <translation>Encuadernado por el lado largo</translation>
    </message>
    <message>
      <source>Short side binding</source>
      <translation>Encuadernado por el lado corto</translation>
    </message>
    <message>
      <source>Off</source>
      <translation>Desactivada</translation>
    </message>
    <message>
      <source>Page &amp;Set:</source>
      <translation>&amp;Conjunto de páginas:</translation>
    </message>
    <message>
      <source>Pages</source>
      <translation>Páginas</translation>
    </message>
    <message>
      <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
      <translation>Escriba páginas o intervalos separados por comas. Un intervalo son dos números separados por un guion. Por ejemplo: 3,5-7,9 imprime las páginas 3, 5, 6, 7 y 9.</translation>
    </message>
    <message>
      <source>Current Page</source>
      <translation>Página actual</translation>
    </message>
    <message>
      <source>Collate</source>
      <translation>Intercalar</translation>
    </message>
    <message>
      <source>Print range</source>
      <translation>Intervalo de impresión</translation>
    </message>
  </context>
  <context>
    <name>QPageSetupWidget</name>
    <message>
      <source>Landscape</source>
      <translation>Horizontal</translation>
    </message>
    <message>
      <source>Reverse landscape</source>
      <translation>Horizontal invertido</translation>
    </message>
    <message>
      <source>Page &amp;order:</source>
      <translation>&amp;Orden de páginas:</translation>
    </message>
    <message>
      <source>Pages &amp;per sheet:</source>
      <translation>Páginas &amp;por hoja:</translation>
    </message>
  </context>
  <context>
    <name>QPrintPreviewDialog</name>
    <message>
      <source>Landscape</source>
      <translation>Horizontal</translation>
    </message>
    <message>
      <source>Print Preview</source>
      <translation>Vista previa de impresión</translation>
    </message>
  </context>
  <context>
    <name>QPageSize</name>
    <message>
      <source>Architect D</source>
      <translation>Arquitecto D</translation>
    </message>
  </context>
</TS>

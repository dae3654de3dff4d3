from . import backup_archive

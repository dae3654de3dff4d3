import logging
import os

from odoo import api, models, release
from odoo.tools import config
from odoo.tools.misc import exec_pg_environ, find_pg_tool

from ..tools import backup_archive

_logger = logging.getLogger(__name__)

PARAM_DIR = "hoa_base.backup_dir"
PARAM_DAILY = "hoa_base.backup_keep_daily"
PARAM_WEEKLY = "hoa_base.backup_keep_weekly"
PARAM_MONTHLY = "hoa_base.backup_keep_monthly"


class HoaBackup(models.AbstractModel):
    """Daily backup of the current database (scheduled action), same archive format as
    ``make backup``: pg_dump custom format + filestore + manifest with checksums."""

    _name = "hoa.backup"
    _description = "Housing: database backups"

    @api.model
    def _backup_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        folder = params.get_param(PARAM_DIR) or os.path.join(
            config["data_dir"], "backups"
        )

        def count(key, default):
            try:
                return max(int(params.get_param(key) or default), 0)
            except ValueError:
                _logger.warning("%s is not a number; using %s", key, default)
                return default

        return {
            "folder": folder,
            "daily": count(PARAM_DAILY, 14),
            "weekly": count(PARAM_WEEKLY, 8),
            "monthly": count(PARAM_MONTHLY, 12),
        }

    @api.model
    def _installed_modules(self):
        modules = (
            self.env["ir.module.module"]
            .sudo()
            .search_read([("state", "=", "installed")], ["name", "latest_version"])
        )
        return {module["name"]: module["latest_version"] or "" for module in modules}

    @api.model
    def _backup_now(self, folder=None):
        """Write one archive of this database into ``folder``; return its path."""
        dbname = self.env.cr.dbname
        path = backup_archive.create_archive(
            dbname,
            folder or self._backup_settings()["folder"],
            filestore_dir=config.filestore(dbname),
            modules=self._installed_modules(),
            odoo_version=release.version,
            odoo_series=release.serie,
            pg_env=exec_pg_environ(),
            pg_dump=find_pg_tool("pg_dump"),
        )
        _logger.info("Backup of %s written to %s", dbname, path)
        return path

    @api.model
    def _cron_backup(self):
        settings = self._backup_settings()
        path = self._backup_now(settings["folder"])
        kept, deleted = backup_archive.apply_retention(
            settings["folder"],
            self.env.cr.dbname,
            settings["daily"],
            settings["weekly"],
            settings["monthly"],
        )
        _logger.info(
            "Backup retention in %s (%s daily, %s weekly, %s monthly): kept %s; "
            "deleted %s",
            settings["folder"],
            settings["daily"],
            settings["weekly"],
            settings["monthly"],
            ", ".join(kept) or "-",
            ", ".join(deleted) or "-",
        )
        return path

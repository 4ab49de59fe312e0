"""The audit log's hash chain (issue 19): a ``hash`` column on every audit
row, each covering the row and the hash before it (deskui/domain/
audit_chain.py), computed here for the rows already logged, in id order, so
``deskui check`` can tell a row changed or removed behind the program's back.
The newest row's id and hash are kept as the setting ``audit.head``."""

from peewee import *

from deskui.domain.audit_chain import GENESIS, link

HEAD_KEY = "audit.head"
BATCH = 1000


def up(migrator, db):
    migrator.migrate(migrator.add_column("audit_log", "hash", CharField(max_length=64, default="")))

    class AuditLog(Model):
        id = AutoField()
        at = DateTimeField()
        operator_id = IntegerField(null=True)
        operator_name = CharField(max_length=30, default="")
        action = CharField(max_length=10)
        table = CharField(max_length=30)
        record_id = IntegerField(null=True)
        changes = TextField(default="")
        note = TextField(default="")
        hash = CharField(max_length=64, default="")

        class Meta:
            database = db
            table_name = "audit_log"

    class Setting(Model):
        key = CharField(max_length=40, primary_key=True)
        value = TextField(default="")

        class Meta:
            database = db
            table_name = "setting"

    previous, last_id, done = GENESIS, None, []
    fields = (
        AuditLog.id, AuditLog.at, AuditLog.operator_id, AuditLog.operator_name, AuditLog.action,
        AuditLog.table, AuditLog.record_id, AuditLog.changes, AuditLog.note,
    )  # fmt: skip
    for row in AuditLog.select(*fields).order_by(AuditLog.id).tuples().iterator():
        rid, at, op, name, action, table, record, changes, note = row
        previous = link(previous, at, op, name, action, table, record, changes or "", note or "")
        last_id = rid
        done.append((previous, rid))
        if len(done) >= BATCH:
            _store(db, done)
            done = []
    if done:
        _store(db, done)
    if last_id is not None:
        Setting.delete().where(Setting.key == HEAD_KEY).execute()
        Setting.create(key=HEAD_KEY, value=f"{last_id}:{previous}")


def _store(db, done):
    param = db.param
    db.cursor().executemany(f'UPDATE "audit_log" SET "hash" = {param} WHERE "id" = {param}', done)


def down(migrator, db):
    db.execute_sql('DELETE FROM "setting" WHERE "key" = \'audit.head\'')
    migrator.migrate(migrator.drop_column("audit_log", "hash"))

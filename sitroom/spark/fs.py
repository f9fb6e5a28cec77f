"""The few file-system operations a run needs (list, move, delete, small text files), through
Hadoop's FileSystem API in the driver's JVM, so they work on every URL Spark reads: local
paths, hdfs://, s3a://, gs://, abfss://."""

from __future__ import annotations

from collections.abc import Iterator


class HadoopFS:
    """The file system holding `root`, with paths given as strings."""

    def __init__(self, spark, root: str):
        self._jvm = spark._jvm
        conf = spark._jsc.hadoopConfiguration()
        path = self._path(root)
        self.fs = path.getFileSystem(conf)
        self.root = self.fs.makeQualified(path).toString()

    def _path(self, path: str):
        return self._jvm.org.apache.hadoop.fs.Path(path)

    def join(self, *parts: str) -> str:
        return "/".join([self.root.rstrip("/"), *parts])

    def qualify(self, path: str) -> str:
        return self.fs.makeQualified(self._path(path)).toString()

    def exists(self, path: str) -> bool:
        return bool(self.fs.exists(self._path(path)))

    def matches(self, path: str) -> bool:
        """Whether `path` (which may be a glob pattern) names at least one file or folder."""
        found = self.fs.globStatus(self._path(path))
        return found is not None and len(found) > 0

    def delete(self, path: str) -> None:
        self.fs.delete(self._path(path), True)

    def children(self, path: str) -> list[str]:
        if not self.exists(path):
            return []
        return sorted(s.getPath().toString() for s in self.fs.listStatus(self._path(path)))

    def files(self, path: str, suffix: str = "") -> Iterator[str]:
        """Every file under `path`, recursively."""
        if not self.exists(path):
            return
        found = self.fs.listFiles(self._path(path), True)
        while found.hasNext():
            name = found.next().getPath().toString()
            if name.endswith(suffix):
                yield name

    def move(self, source: str, target: str) -> None:
        target_path = self._path(target)
        self.fs.mkdirs(target_path.getParent())
        if not self.fs.rename(self._path(source), target_path):
            from ..errors import StoreError

            raise StoreError(f"cannot move {source} to {target}")

    def write_text(self, path: str, text: str) -> None:
        stream = self.fs.create(self._path(path), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()

    def read_text(self, path: str) -> str:
        stream = self.fs.open(self._path(path))
        try:
            return self._jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8")
        finally:
            stream.close()

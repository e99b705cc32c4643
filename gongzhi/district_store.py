"""The district's configuration in a service process: loaded once, shared by every part."""

from nameko.extensions import SharedExtension

from gongzhi import district as districts


class DistrictStore(SharedExtension):
    """The district's validated configuration, loaded once per service (bad config: no start).
    Loaded on first use as well, since nameko sets extensions up in no fixed order."""

    _district: districts.District | None = None

    def setup(self) -> None:
        self.district  # noqa: B018 - load now, so a bad folder stops the start

    @property
    def district(self) -> districts.District:
        if self._district is None:
            self._district = districts.load_district(self.container.config["DISTRICT"])
        return self._district

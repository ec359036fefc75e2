"""The official schemas of ../shared/schemas, loaded offline, for validating what we serve."""

from pathlib import Path

from lxml import etree


class LocalCopies(etree.Resolver):
    """Answers a schema's import of a remote URL with the file of the same name beside it."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url, public_id, context):
        local = self.folder / url.rsplit("/", 1)[-1]
        if url.startswith(("http://", "https://")) and local.is_file():
            return self.resolve_filename(str(local), context)
        return None


def xml_schema(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalCopies(path.parent))
    return etree.XMLSchema(etree.parse(str(path), parser))


def oai_pmh_schema(shared_dir: Path) -> etree.XMLSchema:
    """OAI-PMH 2.0 and oai_dc at once (the driver schema imports both)."""
    return xml_schema(shared_dir / "schemas" / "oai-pmh" / "oai-pmh+oai_dc.xsd")


def sitemap_schema(shared_dir: Path, name: str = "sitemap.xsd") -> etree.XMLSchema:
    return xml_schema(shared_dir / "schemas" / "sitemap" / name)


def atom_schema(shared_dir: Path) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(shared_dir / "schemas" / "atom" / "atom.rng")))


def assert_valid(schema, content: bytes) -> etree._Element:
    """Parse ``content``, fail with the schema's own words if it is invalid, give the root."""
    root = etree.fromstring(content)
    if not schema.validate(root):
        raise AssertionError(f"invalid: {schema.error_log}\n{content.decode()[:3000]}")
    return root

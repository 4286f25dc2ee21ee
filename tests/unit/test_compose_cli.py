"""Compose lifecycle commands and the dependency order. Pure."""

from tui.domain.compose_cli import argv, start_order, target, waves
from tui.domain.models import Container


def c(name: str, service: str, depends: str = "", project: str = "shop") -> Container:
    labels = [("com.docker.compose.project", project), ("com.docker.compose.service", service),
              ("com.docker.compose.project.working_dir", "/srv/shop"),
              ("com.docker.compose.project.config_files", "docker-compose.yml,/etc/extra.yml")]
    if depends:
        labels.append(("com.docker.compose.depends_on", depends))
    return Container(id=name, name=name, image="x", labels=tuple(labels))


def test_dependency_waves_and_order():
    cs = [c("web", "web", "api:service_started:false"), c("api", "api", "db:service_healthy:false,cache:service_started:false"), c("db", "db"), c("cache", "cache")]
    assert start_order(cs) == ["cache", "db", "api", "web"]
    assert [[x.name for x in w] for w in waves(cs)] == [["cache", "db"], ["api"], ["web"]]


def test_commands_for_project_and_service():
    t = target([c("web", "web")], "shop")
    assert t.config_files == ("/srv/shop/docker-compose.yml", "/etc/extra.yml")
    base = ["docker-compose", "-p", "shop", "-f", "/srv/shop/docker-compose.yml", "-f", "/etc/extra.yml", "--project-directory", "/srv/shop"]
    assert argv(("docker-compose",), t, "up") == base + ["up", "-d"]
    assert argv(("docker-compose",), t, "down") == base + ["down"]
    assert argv(("docker-compose",), t, "down", volumes=True) == base + ["down", "-v"]
    s = target([c("web", "web")], "shop", "web")
    assert argv(("docker", "compose"), s, "recreate")[-4:] == ["up", "-d", "--force-recreate", "web"]
    assert argv(("docker", "compose"), s, "down")[-4:] == ["rm", "-s", "-f", "web"]


def test_build_services_from_compose_config_output():
    from tui.domain.compose_cli import build_services

    text = "services:\n  app:\n    build:\n      context: /srv/app\n    image: x\n  db:\n    image: postgres\n    environment:\n      build: not-a-key\nversion: '2.4'\n"
    assert build_services(text) == {"app"}

"""The Kubernetes manifests are valid offline and name commands, settings, ports and the queue that exist."""

from __future__ import annotations

import fnmatch
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml

from worker.cli import build_parser
from worker.probes import PROBES
from worker.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.33"  # a schema set kubernetes-validate ships; validated offline
KUSTOMIZATION: dict[str, Any] = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
DOCUMENTS: list[dict[str, Any]] = [
    doc
    for name in KUSTOMIZATION["resources"]
    for doc in yaml.safe_load_all((K8S / name).read_text(encoding="utf-8"))
    if doc
]


def one(kind: str) -> dict[str, Any]:
    """The only manifest of this kind."""
    found = [doc for doc in DOCUMENTS if doc["kind"] == kind]
    assert len(found) == 1, f"{len(found)} manifests of kind {kind}"
    return found[0]


DEPLOYMENT = one("Deployment")
POD = DEPLOYMENT["spec"]["template"]
CONTAINER = POD["spec"]["containers"][0]
CONFIG = one("ConfigMap")
[GENERATOR] = KUSTOMIZATION["secretGenerator"]
SECRET_EXAMPLE = K8S / "redis.env.example"
SECRET: dict[str, str] = dict(
    line.split("=", 1)
    for line in SECRET_EXAMPLE.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
)
SCALED = one("ScaledObject")
TRIGGER_AUTH = one("TriggerAuthentication")


def default(name: str) -> Any:
    """A setting's default, regardless of this machine's environment."""
    return Settings.model_fields[name].default


def configured(name: str) -> str:
    """A setting as the ConfigMap gives it, else its default."""
    return str(CONFIG["data"].get(ENV_PREFIX + name.upper(), default(name)))


def subcommands() -> set[str]:
    """The `newsworker` subcommands the CLI parser accepts."""
    action = next(a for a in build_parser()._actions if a.dest == "command")
    return set(action.choices)  # type: ignore[arg-type]


def mebibytes(quantity: str) -> float:
    """A Kubernetes memory quantity (Mi or Gi) in MiB."""
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", quantity).groups()  # type: ignore[union-attr]
    return int(number) * (1024 if unit == "Gi" else 1)


def test_kustomization_lists_every_manifest_and_only_existing_files() -> None:
    """Every resource the kustomization names exists, and no manifest in the folder is left out."""
    listed = KUSTOMIZATION["resources"]
    assert all((K8S / name).is_file() for name in listed)
    present = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert sorted(listed) == sorted(present)
    assert KUSTOMIZATION["images"][0]["name"] == CONTAINER["image"]


def test_the_image_tag_is_the_release_version() -> None:
    """kustomize sets the image to the project's version (never `latest`): bump both in a release."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    [image] = KUSTOMIZATION["images"]
    assert image == {"name": "newsworker", "newTag": version}


def test_the_secret_is_generated_from_an_uncommitted_file_with_no_placeholder_applied() -> None:
    """The Secret comes from deploy/k8s/redis.env, which git ignores (apply -k fails without it); none ships."""
    assert GENERATOR == {
        "name": "newsworker-redis",
        "envs": ["redis.env"],
        "options": {"disableNameSuffixHash": True},  # KEDA's TriggerAuthentication names it verbatim
    }
    ignored = subprocess.run(["git", "check-ignore", "-q", str(K8S / "redis.env")], cwd=ROOT, check=False)
    assert ignored.returncode == 0
    assert [doc["kind"] for doc in DOCUMENTS if doc["kind"] == "Secret"] == []
    assert not any(
        "change-me" in (K8S / name).read_text(encoding="utf-8") for name in KUSTOMIZATION["resources"]
    )


@pytest.mark.parametrize(
    "doc", [d for d in DOCUMENTS if not d["apiVersion"].startswith("keda.sh/")], ids=lambda d: d["kind"]
)
def test_builtin_kinds_are_valid_kubernetes_objects(doc: dict[str, Any]) -> None:
    """Each built-in object passes the Kubernetes schema, with unknown fields refused (strict)."""
    problem, version = None, None
    try:
        version = kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:  # its own message repeats the whole schema
        problem = f"{'/'.join(str(p) for p in exc.absolute_path)}: {exc.message}"
    assert problem is None, f"{doc['kind']} {doc['metadata']['name']}: {problem}"
    assert version == KUBERNETES_VERSION


def test_only_keda_objects_are_custom_resources() -> None:
    """Besides the built-in kinds there are exactly KEDA's ScaledObject and TriggerAuthentication."""
    custom = sorted(d["kind"] for d in DOCUMENTS if d["apiVersion"].startswith("keda.sh/"))
    assert custom == ["ScaledObject", "TriggerAuthentication"]
    assert {SCALED["apiVersion"], TRIGGER_AUTH["apiVersion"]} == {"keda.sh/v1alpha1"}


def test_scaled_object_scales_the_deployment_on_the_real_queue_list() -> None:
    """The redis trigger watches the Celery queue list (the QUEUE setting) and scales the worker Deployment."""
    spec = SCALED["spec"]
    assert spec["scaleTargetRef"] == {"name": DEPLOYMENT["metadata"]["name"]}
    assert 1 <= spec["minReplicaCount"] < spec["maxReplicaCount"]
    [trigger] = spec["triggers"]
    assert trigger["type"] == "redis"
    assert trigger["metadata"]["listName"] == default("queue") == configured("queue")
    assert int(trigger["metadata"]["listLength"]) > 0
    assert all(isinstance(v, str) for v in trigger["metadata"].values()), "KEDA metadata values are strings"
    assert trigger["authenticationRef"] == {"name": TRIGGER_AUTH["metadata"]["name"]}


def test_scale_in_is_damped_where_it_takes_effect() -> None:
    """With a replica always kept, KEDA's cooldown and activation (0 <-> 1 only) are absent; the HPA damps."""
    spec = SCALED["spec"]
    assert spec["minReplicaCount"] == 1
    assert "cooldownPeriod" not in spec and "activationListLength" not in spec["triggers"][0]["metadata"]
    scale_down = spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]["scaleDown"]
    assert scale_down["stabilizationWindowSeconds"] == 300 > spec["pollingInterval"]
    assert scale_down["policies"] == [{"type": "Pods", "value": 1, "periodSeconds": 60}]
    hpa = {  # KEDA copies `behavior` into the HPA it makes: it must be a valid autoscaling/v2 behaviour
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": "keda-hpa-newsworker"},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "newsworker"},
            "maxReplicas": spec["maxReplicaCount"],
            "behavior": spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"],
        },
    }
    assert kubernetes_validate.validate(hpa, KUBERNETES_VERSION, strict=True) == KUBERNETES_VERSION


def test_trigger_authentication_reads_existing_secret_keys() -> None:
    """KEDA gets the address, user and password from keys the generated Secret has."""
    refs = TRIGGER_AUTH["spec"]["secretTargetRef"]
    assert {r["parameter"]: r["key"] for r in refs} == {
        "address": "KEDA_ADDRESS",
        "username": "KEDA_USERNAME",
        "password": "KEDA_PASSWORD",
    }
    for ref in refs:
        assert ref["name"] == GENERATOR["name"] and ref["key"] in SECRET, ref


def _acl_rule(user: str) -> list[str]:
    """The tokens of a user's line in deploy/redis/users.acl."""
    acl = (ROOT / "deploy" / "redis" / "users.acl").read_text(encoding="utf-8")
    return next(line.split() for line in acl.splitlines() if line.startswith(f"user {user} "))


def test_worker_url_names_the_worker_acl_user_on_the_keda_address() -> None:
    """The worker's URL is the newsworker-worker user, which may use lists under the queue's name."""
    url = urlsplit(SECRET[ENV_PREFIX + "REDIS_URL"])
    assert url.scheme == "redis" and f"{url.hostname}:{url.port}" == SECRET["KEDA_ADDRESS"]
    rule = _acl_rule(str(url.username))
    assert "+@list" in rule
    assert any(fnmatch.fnmatchcase(configured("queue"), t[1:]) for t in rule if t.startswith("~"))


def test_keda_uses_a_read_only_user_that_may_only_llen_the_queue() -> None:
    """KEDA's ACL user reads one key, the queue, with LLEN (plus the connection handshake), nothing else."""
    rule = _acl_rule(SECRET["KEDA_USERNAME"])
    assert rule[:4] == ["user", "newsworker-keda", "on", ">change-me-keda"]
    assert sorted(rule[4:]) == sorted(
        ["resetchannels", f"%R~{configured('queue')}", "-@all", "+llen", "+ping", "+hello", "+auth"]
    )


def test_configmap_holds_only_real_settings_with_valid_values() -> None:
    """Every key is a NEWSWORKER_* setting, and the values together load as Settings."""
    names = [key.removeprefix(ENV_PREFIX).lower() for key in CONFIG["data"]]
    assert all(key.startswith(ENV_PREFIX) for key in CONFIG["data"])
    assert set(names) <= set(Settings.model_fields), set(names) - set(Settings.model_fields)
    Settings(**dict(zip(names, CONFIG["data"].values(), strict=True)))


def test_worker_environment_comes_from_the_configmap_and_the_secret() -> None:
    """envFrom names the ConfigMap; the only explicit variable is the Redis URL from the Secret."""
    assert CONTAINER["envFrom"] == [{"configMapRef": {"name": CONFIG["metadata"]["name"]}}]
    [env] = CONTAINER["env"]
    ref = env["valueFrom"]["secretKeyRef"]
    assert env["name"] == ENV_PREFIX + "REDIS_URL" and env["name"].removeprefix(ENV_PREFIX).lower() in (
        Settings.model_fields
    )
    assert ref["name"] == GENERATOR["name"] and ref["key"] in SECRET


def test_worker_runs_the_worker_subcommand_and_probes_its_http_endpoint() -> None:
    """The container runs `newsworker worker`; the probes GET /healthz and /readyz on the metrics port."""
    assert CONTAINER["args"] == ["worker"] and "worker" in subcommands()
    paths = {
        probe: CONTAINER[probe]["httpGet"]["path"]
        for probe in ("startupProbe", "livenessProbe", "readinessProbe")
    }
    assert paths == {"startupProbe": "/healthz", "livenessProbe": "/healthz", "readinessProbe": "/readyz"}
    assert PROBES == {"/healthz": False, "/readyz": True}  # readiness alone also needs a consuming worker
    for probe in paths:
        assert CONTAINER[probe]["httpGet"]["port"] == CONTAINER["ports"][0]["name"] == "metrics", probe


def test_grace_period_outlasts_the_shutdown_window() -> None:
    """SIGTERM lets the current article finish or be handed back: the grace period exceeds the window with room."""
    assert POD["spec"]["terminationGracePeriodSeconds"] == 60
    assert POD["spec"]["terminationGracePeriodSeconds"] > int(configured("shutdown_window_s")) + 10


def test_resources_follow_the_measured_footprint_and_the_concurrency() -> None:
    """One core per pool child; memory covers the ~350 MB main process plus ~60 MB per child."""
    resources = CONTAINER["resources"]
    concurrency = int(configured("concurrency"))
    assert resources["requests"]["cpu"] == str(concurrency)
    requested = mebibytes(resources["requests"]["memory"])
    assert 350 + 60 * concurrency <= requested < mebibytes(resources["limits"]["memory"])
    assert "cpu" not in resources["limits"], "a CPU limit throttles the parse; requests size the node"


def test_pod_is_unprivileged_with_a_read_only_root_and_a_writable_data_dir() -> None:
    """Non-root as the image's uid, read-only root file system, DATA_DIR on an emptyDir."""
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    uid = re.search(r"useradd .*--uid (\d+)", dockerfile).group(1)  # type: ignore[union-attr]
    pod_security = POD["spec"]["securityContext"]
    assert pod_security["runAsNonRoot"] is True and str(pod_security["runAsUser"]) == uid
    security = CONTAINER["securityContext"]
    assert security["readOnlyRootFilesystem"] is True and security["allowPrivilegeEscalation"] is False
    mounts = {m["mountPath"]: m["name"] for m in CONTAINER["volumeMounts"]}
    volume = mounts[configured("data_dir")]
    assert "emptyDir" in next(v for v in POD["spec"]["volumes"] if v["name"] == volume)


def test_metrics_port_is_served_annotated_and_exposed_by_the_service() -> None:
    """Container port, scrape annotations and the metrics Service all use the METRICS_PORT default."""
    port = default("metrics_port")
    assert [p["containerPort"] for p in CONTAINER["ports"]] == [port]
    annotations = POD["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true" and annotations["prometheus.io/path"] == "/metrics"
    assert annotations["prometheus.io/port"] == str(port)
    [service_port] = one("Service")["spec"]["ports"]
    assert service_port["port"] == port and service_port["targetPort"] == CONTAINER["ports"][0]["name"]


def test_service_and_budget_select_the_worker_pods() -> None:
    """The metrics Service and the PodDisruptionBudget select exactly the Deployment's pods."""
    labels = POD["metadata"]["labels"]
    assert DEPLOYMENT["spec"]["selector"]["matchLabels"] == labels
    assert one("Service")["spec"]["selector"] == labels
    budget = one("PodDisruptionBudget")["spec"]
    assert budget["selector"]["matchLabels"] == labels and budget["maxUnavailable"] == 1


def test_replicas_are_left_to_the_autoscaler() -> None:
    """The Deployment sets no replica count, so re-applying it never undoes KEDA's scaling."""
    assert "replicas" not in DEPLOYMENT["spec"]
    assert DEPLOYMENT["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0

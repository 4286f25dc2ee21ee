"""One translation table (English, Korean) for every user-visible string of the learning views.

``tr(key, lang, **params)`` renders a string; a missing parameter shows as "…", a missing
Korean entry falls back to English, a missing key shows the key itself (a test checks none
are missing). Plain ``str.format``-style fields only: no markup, daemon text stays plain.
"""

from __future__ import annotations

LANGS = ("en", "ko")

_T: dict[str, tuple[str, str]] = {
    # Screen titles and key hints
    "title.arch": ("Architecture — the parts a request goes through, from Dockyard to your containers", "아키텍처 — Dockyard에서 컨테이너까지, 요청이 거치는 구성 요소"),
    "title.map": ("Relationship map — {name}", "관계 지도 — {name}"),
    "title.layers": ("Layers — {name}", "레이어 — {name}"),
    "title.isolation": ("Isolation — what makes {name} a container", "격리 — 무엇이 {name} 컨테이너를 격리하는가"),
    "title.lifecycle": ("Lifecycle — {name}", "수명주기(lifecycle) — {name}"),
    "title.events": ("Events — everything the daemon reports, explained", "이벤트 — 데몬이 알리는 모든 일, 설명과 함께"),
    "title.concept": ("Concept — {concept}", "개념 — {concept}"),
    "keys.arch": ("↑↓ select a box · tab/⇧tab scroll the text · c next container · F1 concept · esc back", "↑↓ 상자 선택 · tab/⇧tab 설명 스크롤 · c 다음 컨테이너 · F1 개념 · esc 뒤로"),
    "keys.map": ("↑↓ move · enter open · l layers · n isolation · c lifecycle · F1 concept · esc back", "↑↓ 이동 · enter 열기 · l 레이어 · n 격리 · c 수명주기 · F1 개념 · esc 뒤로"),
    "keys.layers": ("↑↓ scroll · F1 concept · esc back", "↑↓ 스크롤 · F1 개념 · esc 뒤로"),
    "keys.isolation": ("r re-read · F1 namespaces · g cgroups · esc back", "r 다시 읽기 · F1 네임스페이스 · g cgroup · esc 뒤로"),
    "keys.lifecycle": ("S start · s stop · p pause/unpause · r restart · K kill · d remove · F1 concept · esc back", "S 시작 · s 중지 · p 일시정지/재개 · r 재시작 · K 강제 종료 · d 삭제 · F1 개념 · esc 뒤로"),
    "keys.events": ("/ filter · c clear · p pause · enter steps · h health checks · esc back", "/ 필터 · c 지우기 · p 멈춤 · enter 단계 펼치기 · h 헬스 체크 · esc 뒤로"),
    "keys.concept": ("esc close", "esc 닫기"),
    "loading": ("Reading from the daemon…", "데몬에서 읽는 중…"),
    "gone": ("This object no longer exists.", "이 객체는 더 이상 없습니다."),
    "error": ("Could not read: {message}", "읽지 못했습니다: {message}"),
    "unknown": ("unknown", "알 수 없음"),
    "none": ("none", "없음"),
    "yes": ("yes", "예"),
    "no": ("no", "아니오"),
    "unlimited": ("unlimited", "제한 없음"),
    # Kinds
    "kind.container": ("container", "컨테이너"),
    "kind.image": ("image", "이미지"),
    "kind.network": ("network", "네트워크"),
    "kind.volume": ("volume", "볼륨"),
    "kind.bind": ("bind mount", "바인드 마운트"),
    "kind.tmpfs": ("tmpfs", "tmpfs"),
    "kind.port": ("port", "포트"),
    # Relationship map
    "rel.networks": ("Networks", "네트워크"),
    "rel.mounts": ("Volumes and mounts", "볼륨과 마운트"),
    "rel.ports": ("Published ports (host → container)", "게시된 포트 (호스트 → 컨테이너)"),
    "rel.containers": ("Containers", "컨테이너"),
    "rel.children": ("Images built on it", "이 이미지 위에 빌드된 이미지"),
    "impact.title": ("What would removing this affect?", "이것을 삭제하면 무엇에 영향이 있나요?"),
    "impact.count": ("{n} container(s) tied to it, {running} running", "연결된 컨테이너 {n}개, 실행 중 {running}개"),
    "impact.image.in_use": ("`docker rmi` fails while any container (even a stopped one) uses this image; remove those containers first.",
                            "이 이미지를 쓰는 컨테이너가 (멈춘 것이라도) 있으면 `docker rmi`는 실패합니다. 먼저 그 컨테이너들을 지우세요."),
    "impact.image.tags": ("It has several tags: `docker rmi <tag>` only removes that tag.", "태그가 여러 개입니다. `docker rmi <태그>`는 그 태그만 지웁니다."),
    "impact.image.children": ("Other local images are built on it; it stays until they are removed.", "다른 로컬 이미지가 이 위에 빌드되어 있어, 그것들이 지워질 때까지 남습니다."),
    "impact.image.free": ("Nothing uses it: removing it frees its unshared layers.", "쓰는 곳이 없습니다. 지우면 공유되지 않은 레이어의 공간이 풀립니다."),
    "impact.network.builtin": ("This is a built-in network: the daemon does not let you remove it.", "기본 제공 네트워크라 데몬이 삭제를 허용하지 않습니다."),
    "impact.network.in_use": ("These containers lose this connection (their IP and aliases here); running ones must be disconnected first or `docker network rm` fails.",
                              "이 컨테이너들은 이 연결(여기서의 IP와 별칭)을 잃습니다. 실행 중인 것은 먼저 연결을 끊어야 하며, 아니면 `docker network rm`이 실패합니다."),
    "impact.network.free": ("No container is attached: it can be removed safely.", "연결된 컨테이너가 없어 안전하게 지울 수 있습니다."),
    "impact.volume.in_use": ("`docker volume rm` fails while these containers exist (running or not).", "이 컨테이너들이 있는 동안(실행 여부와 관계없이) `docker volume rm`은 실패합니다."),
    "impact.volume.free": ("No container uses it.", "쓰는 컨테이너가 없습니다."),
    "impact.volume.data": ("Its data is deleted for good: a volume outlives the containers that use it, but removing the volume removes its data.", "데이터는 영구히 삭제됩니다. 볼륨은 그것을 쓰는 컨테이너보다 오래 남지만, 볼륨을 지우면 데이터도 함께 지워집니다."),
    # Layers
    "layers.image_top": ("{name}: {n} layer(s), {size} in total, {shared} shared with other local images",
                         "{name}: 레이어 {n}개, 모두 {size}, 다른 로컬 이미지와 공유 {shared}개"),
    "layers.shared_with": ("shared with {names}", "공유: {names}"),
    "layers.own": ("only this image", "이 이미지만"),
    "layers.unknown_step": ("(instruction not recorded)", "(명령이 기록되지 않음)"),
    "layers.metadata": ("Config-only steps (no layer): {steps}", "설정만 바꾼 단계 (레이어 없음): {steps}"),
    "layers.writable": ("Writable layer of container {name}: {size} written", "컨테이너 {name}의 쓰기 가능 레이어: {size} 기록됨"),
    "layers.writable_note": ("Every container gets its own thin writable layer on top of the image's read-only layers (copy-on-write). `docker diff {name}`:",
                             "모든 컨테이너는 이미지의 읽기 전용 레이어 위에 자신만의 얇은 쓰기 가능 레이어를 갖습니다(copy-on-write). `docker diff {name}`:"),
    "layers.diff_counts": ("{a} added, {c} changed, {d} deleted", "추가 {a}, 변경 {c}, 삭제 {d}"),
    "layers.no_changes": ("(no changes yet)", "(아직 변경 없음)"),
    "layers.more": ("… and {n} more", "… 외 {n}개"),
    "layers.image_of": ("Image layers below (read-only):", "아래는 이미지 레이어 (읽기 전용):"),
    # Isolation
    "iso.namespaces": ("Namespaces — what the process can see", "네임스페이스 — 프로세스가 볼 수 있는 것"),
    "iso.cgroups": ("Cgroups — what it may use (cgroup v{version})", "cgroup — 쓸 수 있는 양 (cgroup v{version})"),
    "iso.security": ("Privileges and security profiles", "권한과 보안 프로필"),
    "iso.pid": ("Main process: host PID {pid}", "주 프로세스: 호스트 PID {pid}"),
    "iso.not_running": ("Not running: no process, so no namespaces and no cgroup exist yet. What is shown is what `docker start` will ask for (configured).", "실행 중이 아닙니다. 프로세스가 없으니 네임스페이스도 cgroup도 아직 없습니다. 아래는 `docker start`가 요청할 설정값입니다."),
    "iso.verdict.private": ("private", "전용"),
    "iso.verdict.host": ("host's", "호스트와 같음"),
    "iso.verdict.shared": ("shared with {names}", "공유: {names}"),
    "iso.host_is": ("host: {ident}", "호스트: {ident}"),
    "iso.ns.pid": ("process ids: it sees only its own processes", "프로세스 ID: 자기 프로세스만 봄"),
    "iso.ns.net": ("network stack: interfaces, IPs, ports", "네트워크 스택: 인터페이스, IP, 포트"),
    "iso.ns.mnt": ("mounts: its own root filesystem", "마운트: 자신만의 루트 파일시스템"),
    "iso.ns.uts": ("hostname", "호스트 이름"),
    "iso.ns.ipc": ("shared memory and message queues", "공유 메모리와 메시지 큐"),
    "iso.ns.user": ("user ids (root inside = root outside unless remapped)", "사용자 ID (재매핑하지 않으면 안의 root = 밖의 root)"),
    "iso.ns.cgroup": ("its view of the cgroup tree", "cgroup 트리에 대한 시야"),
    "iso.limit.memory": ("memory", "메모리"),
    "iso.limit.cpus": ("CPUs (--cpus)", "CPU (--cpus)"),
    "iso.limit.cpu_quota": ("CPU quota", "CPU 할당량"),
    "iso.limit.cpu_shares": ("CPU shares (relative weight)", "CPU shares (상대 가중치)"),
    "iso.limit.pids": ("processes (pids)", "프로세스 수 (pids)"),
    "iso.default_shares": ("default (1024)", "기본값 (1024)"),
    "iso.used": ("using {used}", "사용 {used}"),
    "iso.cap_add": ("capabilities added: {caps}", "추가된 capability: {caps}"),
    "iso.cap_drop": ("capabilities dropped: {caps}", "제거된 capability: {caps}"),
    "iso.caps_default": ("capabilities: Docker's default set", "capability: Docker 기본 집합"),
    "iso.privileged": ("privileged: {value}", "privileged: {value}"),
    "iso.privileged_warn": ("privileged: yes — all capabilities and devices; almost no isolation", "privileged: 예 — 모든 capability와 장치; 격리가 거의 없음"),
    "iso.seccomp": ("seccomp profile: {value}", "seccomp 프로필: {value}"),
    "iso.apparmor": ("AppArmor profile: {value}", "AppArmor 프로필: {value}"),
    "iso.nnp": ("no-new-privileges: {value}", "no-new-privileges: {value}"),
    "iso.readonly": ("read-only root filesystem: {value}", "읽기 전용 루트 파일시스템: {value}"),
    "iso.restart": ("restart policy: {value}", "재시작 정책: {value}"),
    "iso.why.remote": ("The daemon is remote: its /proc and cgroup files are on another machine, so only the configured modes are shown.",
                       "데몬이 원격에 있습니다. /proc와 cgroup 파일이 다른 기계에 있어 설정된 모드만 보여 줍니다."),
    "iso.why.not_running": ("The container is not running, so it has no process and no namespaces to read.", "컨테이너가 실행 중이 아니라 읽을 프로세스와 네임스페이스가 없습니다."),
    "iso.why.no_proc": ("/proc/<pid>/ns of its process is not readable here (another machine or VM, or not root).",
                        "이 프로세스의 /proc/<pid>/ns를 여기서 읽을 수 없습니다 (다른 기계나 VM, 또는 root가 아님)."),
    "iso.why.pid_mismatch": ("The host PID the daemon reports is not this container's process here: the daemon runs in a VM or another PID namespace.",
                             "데몬이 알려 준 PID가 여기서는 이 컨테이너의 프로세스가 아닙니다. 데몬이 VM이나 다른 PID 네임스페이스에서 돕니다."),
    "iso.measured": ("Identities read from /proc/{pid}/ns and compared with the host's (/proc/1/ns, or Dockyard's own where that is unreadable) and other containers'.",
                     "/proc/{pid}/ns에서 읽은 값을 호스트(/proc/1/ns, 읽을 수 없으면 Dockyard 자신) 및 다른 컨테이너와 비교했습니다."),
    # Lifecycle
    "state.created": ("created", "생성됨"),
    "state.running": ("running", "실행 중"),
    "state.paused": ("paused", "일시정지됨"),
    "state.restarting": ("restarting", "재시작 중"),
    "state.exited": ("exited", "종료됨"),
    "state.dead": ("dead", "사용 불가(dead)"),
    "state.removed": ("removed", "삭제됨"),
    "state.removing": ("removing", "삭제 중"),
    "verb.start": ("start", "시작"),
    "verb.stop": ("stop", "중지"),
    "verb.kill": ("kill", "강제 종료"),
    "verb.pause": ("pause", "일시정지"),
    "verb.unpause": ("unpause", "재개"),
    "verb.restart": ("restart", "재시작"),
    "verb.remove": ("remove", "삭제"),
    "life.now": ("{name} is {state}.", "{name} 컨테이너의 지금 상태: {state}"),
    "life.health": ("Health check: {health}", "헬스 체크: {health}"),
    "life.moves": ("From here:", "여기서 할 수 있는 것:"),
    "life.move": ("{key}  {verb} → {target}    {command}", "{key}  {verb} → {target}    {command}"),
    "life.no_moves": ("Nothing: it is being changed by the daemon.", "없음: 데몬이 바꾸는 중입니다."),
    "life.health_note": ("healthy / unhealthy come from the image's HEALTHCHECK, run inside the container while it runs.",
                         "healthy / unhealthy는 이미지의 HEALTHCHECK가 실행 중인 컨테이너 안에서 돌아 정해집니다."),
    # Events
    "events.filter": ("filter: type, action or name", "필터: 종류, 동작 또는 이름"),
    "events.count": ("{shown} of {total} events (last {max} kept)", "이벤트 {total}개 중 {shown}개 (최근 {max}개 보관)"),
    "events.paused": ("paused — new events are kept but not shown", "일시정지 — 새 이벤트는 보관하지만 표시하지 않음"),
    "events.empty": ("No events yet: start, stop or create something and watch it appear.", "아직 이벤트가 없습니다. 무언가를 만들거나 시작·중지해 보세요."),
    "exit.ok": ("exit code 0, finished normally", "종료 코드 0, 정상 종료"),
    "exit.error": ("exit code {code}, the program reported an error", "종료 코드 {code}, 프로그램이 오류를 알림"),
    "exit.signal": ("exit code {code}, killed by {signal}", "종료 코드 {code}, 신호 {signal}에 의해 끝남"),
    "event.generic": ("{type} {name}: {action}", "{type} {name}: {action}"),
    "event.container.create": ("container {name} was created from image {image} (not started yet)", "{name} 컨테이너를 {image} 이미지에서 만들었습니다 (아직 시작 전)"),
    "event.container.start": ("container {name} started: its main process is running", "{name} 컨테이너가 시작되었습니다. 주 프로세스가 실행 중입니다"),
    "event.container.restart": ("container {name} restarted", "{name} 컨테이너가 재시작되었습니다"),
    "event.container.stop": ("container {name} was stopped", "{name} 컨테이너가 중지되었습니다"),
    "event.container.kill": ("container {name} was sent {signal}", "{name} 컨테이너에 {signal} 신호를 보냈습니다"),
    "event.container.die": ("container {name} stopped: {reason}", "{name} 컨테이너의 프로세스가 끝났습니다: {reason}"),
    "event.container.destroy": ("container {name} was removed, with its writable layer", "{name} 컨테이너가 쓰기 가능 레이어와 함께 삭제되었습니다"),
    "event.container.pause": ("container {name} was paused: its processes are frozen", "{name} 컨테이너가 일시정지되었습니다. 프로세스가 얼어 있습니다"),
    "event.container.unpause": ("container {name} was resumed", "{name} 컨테이너가 재개되었습니다"),
    "event.container.rename": ("container {old} was renamed to {name}", "컨테이너 이름 변경: {old} → {name}"),
    "event.container.attach": ("a client attached to container {name}'s input/output", "클라이언트가 {name} 컨테이너의 입출력에 연결되었습니다"),
    "event.container.exec_create": ("a command was prepared to run inside container {name}", "{name} 컨테이너 안에서 실행할 명령이 준비되었습니다"),
    "event.container.exec_start": ("a command started inside container {name}", "{name} 컨테이너 안에서 명령이 시작되었습니다"),
    "event.container.exec_die": ("a command inside container {name} finished", "{name} 컨테이너 안의 명령이 끝났습니다"),
    "event.container.oom": ("container {name} ran out of memory: the kernel killed a process", "{name} 컨테이너의 메모리가 부족해 커널이 프로세스를 죽였습니다"),
    "event.container.health_status": ("container {name} health check says: {health}", "{name} 컨테이너의 헬스 체크 결과: {health}"),
    "event.container.resize": ("container {name}'s terminal was resized", "{name} 컨테이너의 터미널 크기가 바뀌었습니다"),
    "event.container.commit": ("container {name} was saved as a new image", "{name} 컨테이너를 새 이미지로 저장했습니다"),
    "event.container.copy": ("files were copied to or from container {name}", "{name} 컨테이너와 파일을 주고받았습니다"),
    "event.container.export": ("container {name}'s filesystem was exported", "{name} 컨테이너의 파일시스템을 내보냈습니다"),
    "event.container.top": ("someone listed container {name}'s processes", "누군가 {name} 컨테이너의 프로세스를 조회했습니다"),
    "event.container.update": ("container {name}'s limits were changed", "{name} 컨테이너의 제한이 바뀌었습니다"),
    "event.container.archive-path": ("files were read from container {name}", "{name} 컨테이너에서 파일을 읽었습니다"),
    "event.container.extract-to-dir": ("files were copied into container {name}", "{name} 컨테이너에 파일을 복사했습니다"),
    "event.image.pull": ("image {name} was pulled from a registry", "{name} 이미지를 레지스트리에서 받았습니다"),
    "event.image.push": ("image {name} was pushed to a registry", "{name} 이미지를 레지스트리에 올렸습니다"),
    "event.image.tag": ("image was tagged {name}", "이미지에 태그를 붙였습니다: {name}"),
    "event.image.untag": ("a tag was removed from image {id}", "이미지 {id}에서 태그 하나를 뗐습니다"),
    "event.image.delete": ("image {name} was deleted with its unshared layers", "{name} 이미지를 공유되지 않은 레이어와 함께 지웠습니다"),
    "event.image.import": ("an image was imported from a tarball", "tar 파일에서 이미지를 가져왔습니다"),
    "event.image.load": ("images were loaded from a tarball", "tar 파일에서 이미지를 불러왔습니다"),
    "event.image.save": ("image {name} was saved to a tarball", "{name} 이미지를 tar 파일로 저장했습니다"),
    "event.image.build": ("an image was built", "이미지를 빌드했습니다"),
    "event.network.create": ("network {name} was created", "{name} 네트워크를 만들었습니다"),
    "event.network.connect": ("container {container} was connected to network {name}", "{container} 컨테이너를 {name} 네트워크에 연결했습니다"),
    "event.network.disconnect": ("container {container} was disconnected from network {name}", "{container} 컨테이너를 {name} 네트워크에서 끊었습니다"),
    "event.network.destroy": ("network {name} was removed", "{name} 네트워크를 삭제했습니다"),
    "event.network.remove": ("network {name} was removed", "{name} 네트워크를 삭제했습니다"),
    "event.volume.create": ("volume {name} was created", "{name} 볼륨을 만들었습니다"),
    "event.volume.mount": ("volume {name} was mounted into container {container} at {destination}", "{name} 볼륨을 {container} 컨테이너의 {destination} 경로에 마운트했습니다"),
    "event.volume.unmount": ("volume {name} was unmounted from a container", "{name} 볼륨의 마운트를 해제했습니다"),
    "event.volume.destroy": ("volume {name} was removed, with its data", "{name} 볼륨을 데이터와 함께 삭제했습니다"),
    "event.plugin.install": ("plugin {name} was installed", "{name} 플러그인을 설치했습니다"),
    "event.plugin.enable": ("plugin {name} was enabled", "{name} 플러그인을 켰습니다"),
    "event.plugin.disable": ("plugin {name} was disabled", "{name} 플러그인을 껐습니다"),
    "event.plugin.remove": ("plugin {name} was removed", "{name} 플러그인을 지웠습니다"),
    "event.daemon.reload": ("the daemon reloaded its configuration", "데몬이 설정을 다시 읽었습니다"),
    # Architecture
    "arch.client": ("Client", "클라이언트"),
    "arch.transport": ("Endpoint", "엔드포인트"),
    "arch.dockerd": ("dockerd", "dockerd"),
    "arch.containerd": ("containerd", "containerd"),
    "arch.runc": ("runc", "runc"),
    "arch.registries": ("Registries", "레지스트리"),
    "arch.plugins": ("Plugins", "플러그인"),
    "arch.kernel": ("Kernel", "커널"),
    "arch.client.line": ("Dockyard {version} (this program)", "Dockyard {version} (이 프로그램)"),
    "arch.transport.line": ("{transport}: {host}", "{transport}: {host}"),
    "arch.dockerd.line": ("{product} {version} · API {api} (min {min_api}) · {os}", "{product} {version} · API {api} (최소 {min_api}) · {os}"),
    "arch.dockerd.line2": ("storage {storage} · cgroup {cgroup_driver} v{cgroup_version} · logs {logging}", "스토리지 {storage} · cgroup {cgroup_driver} v{cgroup_version} · 로그 {logging}"),
    "arch.containerd.line": ("version {version}", "버전 {version}"),
    "arch.runc.line": ("version {version} · ran once to create each container, then exited", "버전 {version} · 컨테이너를 만들 때 한 번 실행되고 끝남"),
    "arch.kernel.line": ("{kernel} · {arch} · {ncpu} CPUs · {mem} memory", "{kernel} · {arch} · CPU {ncpu}개 · 메모리 {mem}"),
    "arch.explain.client": ("The client turns your keys into HTTP requests to the Docker Engine API. The docker CLI, Compose and Dockyard are all clients; none of them runs containers itself.",
                            "클라이언트는 키 입력을 Docker Engine API에 보내는 HTTP 요청으로 바꿉니다. docker CLI, Compose, Dockyard 모두 클라이언트이며 스스로 컨테이너를 돌리지 않습니다."),
    "arch.explain.transport": ("The API travels over a unix socket (same machine), TCP with TLS (network) or SSH (a tunnel to a remote socket). Whoever can reach this socket controls the daemon, effectively as root.",
                               "API는 유닉스 소켓(같은 기계), TLS를 쓰는 TCP(네트워크), 또는 SSH(원격 소켓으로의 터널)로 오갑니다. 이 소켓에 닿을 수 있는 사람은 사실상 root로 데몬을 다룹니다."),
    "arch.explain.dockerd": ("dockerd keeps images, networks and volumes, serves the API and asks containerd to run containers. The storage driver stacks image layers; the cgroup driver sets limits; the logging driver keeps output.",
                             "dockerd는 이미지, 네트워크, 볼륨을 관리하고 API를 제공하며 컨테이너 실행은 containerd에 맡깁니다. 스토리지 드라이버는 레이어를 쌓고, cgroup 드라이버는 제한을 걸고, 로깅 드라이버는 출력을 보관합니다."),
    "arch.explain.containerd": ("containerd supervises container processes: it unpacks the filesystem and starts one small shim per container, which stays the parent of the container's process.", "containerd는 컨테이너 프로세스를 감독합니다. 파일시스템을 풀고 컨테이너마다 작은 shim을 띄우며, shim이 컨테이너 프로세스의 부모로 남습니다."),
    "arch.explain.runc": ("runc creates the container: it asks the kernel for new namespaces and cgroups, execs your program as the container's PID 1, and exits. It is not running now; the shim is the process's parent.", "runc는 컨테이너를 만듭니다. 커널에 새 네임스페이스와 cgroup을 요청하고, 프로그램을 컨테이너의 PID 1로 실행(exec)한 뒤 끝납니다. 지금은 돌고 있지 않으며, 프로세스의 부모는 shim입니다."),
    "arch.explain.registries": ("Registries store images by name and tag; a name without a host (nginx) means Docker Hub. `docker pull` downloads only the layers you don't already have; `docker push` uploads only missing ones.", "레지스트리는 이름과 태그로 이미지를 보관합니다. 호스트 없는 이름(nginx)은 Docker Hub를 뜻합니다. `docker pull`은 없는 레이어만 받고, `docker push`는 빠진 레이어만 올립니다."),
    "arch.explain.plugins": ("Built-in drivers come with the daemon (volume local, network bridge/host/overlay, log json-file …). Plugins are installed separately to add more.", "내장 드라이버는 데몬에 포함되어 있습니다(볼륨 local, 네트워크 bridge/host/overlay, 로그 json-file 등). 플러그인은 따로 설치해 기능을 더합니다."),
    "arch.explain.kernel": ("There is no container in the kernel: only processes with namespaces (what they see) and cgroups (what they may use). That is why containers share the host's kernel.",
                            "커널에는 '컨테이너'가 없습니다. 네임스페이스(볼 수 있는 것)와 cgroup(쓸 수 있는 것)을 가진 프로세스뿐입니다. 그래서 컨테이너는 호스트 커널을 함께 씁니다."),
    "arch.none": ("(none reported)", "(보고된 것 없음)"),
    # Concept cards
    "concept.image": ("Image", "이미지"),
    "concept.container": ("Container", "컨테이너"),
    "concept.network": ("Network", "네트워크"),
    "concept.volume": ("Volume", "볼륨"),
    "concept.layer": ("Layer", "레이어"),
    "concept.registry": ("Registry", "레지스트리"),
    "concept.daemon": ("Daemon", "데몬"),
    "concept.client": ("Client", "클라이언트"),
    "concept.namespace": ("Namespace", "네임스페이스"),
    "concept.cgroup": ("Cgroup", "cgroup"),
    "card.image": ("An image is a read-only template: a stack of filesystem layers plus settings (command, environment, ports). Containers are started from it; it never changes.", "이미지는 읽기 전용 템플릿(template, 틀)입니다. 파일시스템 레이어를 쌓은 것과 설정(명령, 환경 변수, 포트)으로 이루어집니다. 컨테이너는 이미지에서 시작되며 이미지 자체는 바뀌지 않습니다."),
    "card.image.live": ("{name} is {size}; {users} container(s) use it.", "{name} 이미지: 크기 {size}, 사용하는 컨테이너 {users}개."),
    "card.image.layers": ("This image has {n} layer(s); {shared} are shared with {others}.", "이 이미지의 레이어는 {n}개이며, 그중 {shared}개를 다른 이미지와 공유합니다: {others}."),
    "card.image.layers_own": ("This image has {n} layer(s); none is shared with another local image.", "이 이미지는 레이어 {n}개를 가지며, 다른 로컬 이미지와 공유하는 것은 없습니다."),
    "card.container": ("A container is a running instance of an image: ordinary processes that the kernel isolates with namespaces and limits with cgroups, plus a thin writable layer on top of the image.",
                       "컨테이너는 이미지의 실행 인스턴스입니다. 커널이 네임스페이스로 격리하고 cgroup으로 제한하는 평범한 프로세스이며, 이미지 위에 얇은 쓰기 가능 레이어를 더합니다."),
    "card.container.live": ("{name} runs image {image} and is {state}; it is on {nets} network(s) with {mounts} mount(s).", "{name} 컨테이너: 이미지 {image}, 상태 {state}, 네트워크 {nets}개, 마운트 {mounts}개."),
    "card.network": ("A network is a virtual switch: containers on it get an address, and published ports make them reachable from the host. Whether they find each other by name depends on the driver.", "네트워크는 가상 스위치입니다. 연결된 컨테이너는 주소를 받고, 게시된 포트로 호스트에서 접근할 수 있습니다. 이름으로 서로 찾을 수 있는지는 드라이버에 달려 있습니다."),
    "card.network.live": ("{name} uses the {driver} driver; {users} container(s) are attached.", "{name} 네트워크: 드라이버 {driver}, 연결된 컨테이너 {users}개."),
    "card.volume": ("A volume is storage managed by Docker that lives outside any container's writable layer, so its data survives when containers are removed.",
                    "볼륨은 Docker가 관리하는 저장소로, 컨테이너의 쓰기 가능 레이어 밖에 있어 컨테이너를 지워도 데이터가 남습니다."),
    "card.volume.live": ("{name} ({driver}) is mounted by {users} container(s); its data is at {mountpoint}.", "{name} 볼륨({driver}): 마운트한 컨테이너 {users}개, 데이터 위치 {mountpoint}."),
    "card.layer": ("A layer is one set of file changes (added, changed, deleted files) made by one build step. Layers are stored once and shared by every image built on them.",
                   "레이어는 빌드 단계 하나가 만든 파일 변경(추가, 변경, 삭제)의 묶음입니다. 레이어는 한 번만 저장되고 그 위에 빌드된 모든 이미지가 공유합니다."),
    "card.registry": ("A registry is a server that stores images by name and tag, such as Docker Hub or a private registry; the daemon pulls from and pushes to it.",
                      "레지스트리는 이미지를 이름과 태그로 보관하는 서버입니다(Docker Hub나 사설 레지스트리 등). 데몬은 여기서 받고 여기에 올립니다."),
    "card.daemon": ("The daemon (dockerd) is the long-running service that owns images, containers, networks and volumes and answers the API.",
                    "데몬(dockerd)은 이미지, 컨테이너, 네트워크, 볼륨을 소유하고 API에 답하는 상주 서비스입니다."),
    "card.daemon.live": ("This one is {product} {version} on {os}, holding {containers} container(s) and {images} image(s).", "지금 데몬: {product} {version}, {os}. 컨테이너 {containers}개, 이미지 {images}개를 가지고 있습니다."),
    "card.client": ("A client sends requests to the daemon's API; Dockyard is one, connected to {host}.", "클라이언트는 데몬의 API에 요청을 보냅니다. Dockyard도 클라이언트이며 {host}에 연결되어 있습니다."),
    "card.namespace": ("A namespace limits what a process can see: its own process ids, network interfaces, mounts, hostname. Containers are processes with their own namespaces.",
                       "네임스페이스는 프로세스가 볼 수 있는 것을 제한합니다: 자신만의 프로세스 ID, 네트워크 인터페이스, 마운트, 호스트 이름. 컨테이너는 자신만의 네임스페이스를 가진 프로세스입니다."),
    "card.namespace.live": ("{name}: private {private}; the host's {host}; shared {shared}.", "{name}: 전용 {private}; 호스트와 같음 {host}; 공유 {shared}."),
    "card.cgroup.live": ("{name}: memory limit {memory}, using {used}; processes {pids}.", "{name}: 메모리 제한 {memory}, 사용 {used}; 프로세스 {pids}개."),
    "card.cgroup": ("A cgroup limits and counts what a group of processes may use: memory, CPU time, number of processes.",
                    "cgroup은 프로세스 묶음이 쓸 수 있는 메모리, CPU 시간, 프로세스 수를 제한하고 셉니다."),
    "card.more": ("Related: {keys}", "관련: {keys}"),
    "iso.verdict.configured": ("configured: {mode}", "설정됨: {mode}"),
    "iso.verdict.configured_private": ("configured: its own", "설정됨: 전용"),
    "state.image": ("image", "이미지"),
    "edge.create": ("create", "생성"),
    "edge.run": ("run = create + start", "run = 생성 + 시작"),
    "edge.start": ("start", "시작"),
    "edge.pause": ("pause", "일시정지"),
    "edge.unpause": ("unpause", "재개"),
    "edge.stop": ("stop", "중지"),
    "edge.kill": ("kill", "강제 종료"),
    "edge.exit": ("exits by itself / OOM", "스스로 끝남 / 메모리 부족"),
    "edge.restart": ("restart = stop + start", "restart = 중지 + 시작"),
    "edge.policy": ("restart policy", "재시작 정책"),
    "edge.remove": ("rm", "rm(삭제)"),
    "edge.why.exit": ("the main process ended (or the kernel killed it: out of memory)", "주 프로세스가 끝남 (또는 메모리 부족으로 커널이 죽임)"),
    "edge.why.policy": ("the daemon's restart policy, after a back-off", "데몬의 재시작 정책이 잠시 기다린 뒤 실행"),
    "life.restart_truth": ("docker restart does not pass through 'restarting': it is stop + start (running → exited → running).", "docker restart는 'restarting'을 거치지 않습니다. 중지 + 시작입니다 (실행 중 → 종료됨 → 실행 중)."),
    "life.restarting_truth": ("'restarting' is the restart policy waiting (back-off) between an exit and the next start.", "'restarting'(재시작 중)은 재시작 정책이 종료와 다음 시작 사이에서 기다리는 상태입니다."),
    "life.pending.stop": ("stopping: {signal} sent, SIGKILL in {seconds} s", "중지 중: {signal} 보냄, {seconds}초 뒤 SIGKILL"),
    "life.pending.restart": ("restarting: {signal} sent, SIGKILL in {seconds} s, then start", "재시작 중: {signal} 보냄, {seconds}초 뒤 SIGKILL, 그다음 시작"),
    "life.pending.starting": ("starting: containerd starts a shim, runc creates the namespaces", "시작 중: containerd가 shim을 띄우고 runc가 네임스페이스를 만듦"),
    "life.pending.pausing": ("pausing: the cgroup freezer stops its processes", "일시정지 중: cgroup freezer가 프로세스를 멈춤"),
    "life.pending.unpausing": ("unpausing: the cgroup freezer lets its processes run", "재개 중: cgroup freezer가 프로세스를 다시 돌림"),
    "life.pending.killing": ("killing: SIGKILL sent", "강제 종료 중: SIGKILL 보냄"),
    "life.pending.removing": ("removing: the writable layer is deleted", "삭제 중: 쓰기 가능 레이어를 지움"),
    "event.image.untag_known": ("tag {tag} was removed from image {id}", "이미지 {id}에서 태그를 뗐습니다: {tag}"),
    "card.network.dns.user": ("{name} is a user-defined network: Docker's embedded DNS (127.0.0.11) answers container names and aliases, so containers on it reach each other by name.", "{name} 네트워크는 사용자 정의 네트워크입니다. Docker 내장 DNS(127.0.0.11)가 컨테이너 이름과 별칭에 답하므로 이름으로 서로 닿습니다."),
    "card.network.dns.default": ("{name} is the default bridge: there is no DNS by name here. Containers reach each other only by IP (or the legacy --link). Create a network to get names.", "{name} 네트워크는 기본 브리지입니다. 여기서는 이름으로 찾는 DNS가 없습니다. 컨테이너끼리는 IP(또는 옛 방식 --link)로만 닿습니다. 이름을 쓰려면 네트워크를 새로 만드세요."),
    "card.network.dns.host": ("{name} is the host's own network stack: no separate addresses, no container DNS; ports are the host's ports.", "{name} 네트워크는 호스트의 네트워크 스택 그대로입니다. 별도 주소도 컨테이너 DNS도 없으며, 포트는 호스트의 포트입니다."),
    "card.network.dns.none": ("{name} means no network: only a loopback interface, nothing to reach.", "{name} 네트워크는 네트워크 없음입니다. 루프백 인터페이스만 있어 닿을 곳이 없습니다."),
    "arch.live_restore.on": ("live-restore is ON here: containers keep running while dockerd restarts.", "여기서는 live-restore가 켜져 있습니다. dockerd가 재시작해도 컨테이너는 계속 돕니다."),
    "arch.live_restore.off": ("live-restore is OFF here (the default): stopping dockerd stops every container.", "여기서는 live-restore가 꺼져 있습니다(기본값). dockerd를 멈추면 모든 컨테이너가 멈춥니다."),
    "arch.live_restore.unknown": ("This daemon does not say whether live-restore is on.", "이 데몬은 live-restore 여부를 알려 주지 않습니다."),
    "arch.explain.shim": ("containerd-shim-runc-v2 stays beside each running container: it holds its stdio, reaps its exit code and lets containerd restart without touching the container.", "containerd-shim-runc-v2는 실행 중인 컨테이너마다 곁에 남습니다. 표준 입출력을 쥐고 종료 코드를 거두며, containerd가 재시작해도 컨테이너를 건드리지 않게 합니다."),
    "arch.explain.process": ("The container's PID 1 is an ordinary host process; `ps` shows it with the host PID above, its parent is the shim.", "컨테이너의 PID 1은 평범한 호스트 프로세스입니다. `ps`에서 위의 호스트 PID로 보이며, 부모는 shim입니다."),
    "arch.explain.conmon": ("Podman has no long-running daemon for containers: conmon watches each container (stdio, exit code) and the OCI runtime (crun or runc) creates it and exits.", "Podman에는 컨테이너를 위한 상주 데몬이 없습니다. conmon이 컨테이너마다 표준 입출력과 종료 코드를 지켜보고, OCI 런타임(crun 또는 runc)이 컨테이너를 만든 뒤 끝납니다."),
    "arch.shim": ("containerd-shim-runc-v2", "containerd-shim-runc-v2"),
    "arch.process": ("Container process (PID 1)", "컨테이너 프로세스 (PID 1)"),
    "arch.conmon": ("conmon", "conmon"),
    "arch.shim.line": ("pid {pid} · parent of {name}'s process", "pid {pid} · {name} 컨테이너 프로세스의 부모"),
    "arch.shim.remote": ("one per running container (PIDs are on the daemon's machine)", "실행 중인 컨테이너마다 하나 (PID는 데몬 쪽 기계에 있음)"),
    "arch.process.line": ("{name}: host pid {pid} · {cmd}", "{name}: 호스트 pid {pid} · {cmd}"),
    "arch.process.none": ("no running container to show", "보여 줄 실행 중인 컨테이너 없음"),
    "arch.podman.line": ("{product} {version} · API {api} · no container daemon: conmon per container", "{product} {version} · API {api} · 컨테이너 데몬 없음: 컨테이너마다 conmon"),
    "arch.podman.runtime": ("OCI runtime {runtime} {version} · ran once per container", "OCI 런타임 {runtime} {version} · 컨테이너마다 한 번 실행"),
    "arch.reg.default": ("default: Docker Hub (docker.io)", "기본값: Docker Hub (docker.io)"),
    "arch.reg.registry": ("registry {name} ({secure})", "레지스트리 {name} ({secure})"),
    "arch.reg.insecure_range": ("insecure range {cidr} (HTTP allowed, not a registry)", "비보안 주소 범위 {cidr} (HTTP 허용, 레지스트리 아님)"),
    "arch.reg.mirror": ("mirror {url}", "미러 {url}"),
    "arch.reg.secure": ("TLS", "TLS"),
    "arch.reg.insecure": ("insecure", "비보안"),
    "arch.drivers": ("built-in {kind}: {names}", "내장 {kind}: {names}"),
    "arch.plugins_installed": ("installed plugins: {names}", "설치된 플러그인: {names}"),
    "arch.plugins_none": ("installed plugins: none", "설치된 플러그인: 없음"),
    "story.run": ("{name} created from {image} and started ({n} steps: {steps})", "{name} 컨테이너를 {image} 이미지에서 만들고 시작함 ({n}단계: {steps})"),
    "story.create": ("{name} created from {image}, not started ({n} steps: {steps})", "{name} 컨테이너를 {image} 이미지에서 만듦, 아직 시작 전 ({n}단계: {steps})"),
    "story.start": ("{name} started: its main process runs ({steps})", "{name} 컨테이너 시작: 주 프로세스가 돎 ({steps})"),
    "story.stop": ("{name} stopped: {signal}, the process exited on it (exit code {code})", "{name} 컨테이너 중지: {signal} 신호에 프로세스가 끝남 (종료 코드 {code})"),
    "story.stop_killed": ("{name} stopped: {signal}, then SIGKILL after {grace} s (exit code {code})", "{name} 컨테이너 중지: {signal}, {grace}초 뒤 SIGKILL (종료 코드 {code})"),
    "story.stop_waiting": ("{name}: {signal} sent, waiting for the process to exit (SIGKILL after the grace period)", "{name} 컨테이너: {signal} 보냄, 프로세스가 끝나기를 기다림 (유예 시간 뒤 SIGKILL)"),
    "story.stop_start": ("{name} stopped ({signal}) and started again ({n} steps)", "{name} 컨테이너를 중지({signal})하고 다시 시작함 ({n}단계)"),
    "story.restart": ("{name} restarted = stopped ({signal}) + started ({n} steps: {steps})", "{name} 컨테이너 재시작 = 중지({signal}) + 시작 ({n}단계: {steps})"),
    "story.kill": ("{name} killed with {signal} (exit code {code})", "{name} 컨테이너를 {signal} 신호로 강제 종료 (종료 코드 {code})"),
    "story.rm": ("{name} removed, with its writable layer", "{name} 컨테이너를 쓰기 가능 레이어와 함께 삭제함"),
    "story.rm_force": ("{name} killed with SIGKILL and removed ({n} steps)", "{name} 컨테이너를 SIGKILL로 끝내고 삭제함 ({n}단계)"),
    "story.exited": ("{name}'s process exited by itself: {reason}", "{name} 컨테이너의 프로세스가 스스로 끝남: {reason}"),
    "story.restart_policy": ("{name}'s process exited ({reason}); the restart policy started it again", "{name} 컨테이너의 프로세스가 끝남({reason}). 재시작 정책이 다시 시작함"),
    "story.oom": ("{name} ran out of memory: the kernel killed its process (OOM, exit code {code})", "{name} 컨테이너의 메모리 부족: 커널이 프로세스를 죽임 (OOM, 종료 코드 {code})"),
    "story.pause": ("{name} paused: the cgroup freezer stopped its processes", "{name} 컨테이너 일시정지: cgroup freezer가 프로세스를 멈춤"),
    "story.unpause": ("{name} resumed: its processes run again", "{name} 컨테이너 재개: 프로세스가 다시 돎"),
    "story.exec": ("a command ran inside {name} ({steps})", "{name} 컨테이너 안에서 명령 실행 ({steps})"),
    "story.health": ("health check ran inside {name} ({steps})", "{name} 컨테이너 안에서 헬스 체크 실행 ({steps})"),
    "story.connect": ("{name} connected to a network by a command", "명령으로 {name} 컨테이너를 네트워크에 연결함"),
    "story.disconnect": ("{name} disconnected from a network by a command", "명령으로 {name} 컨테이너를 네트워크에서 끊음"),
    "story.automatic": ("(automatic: nobody typed a command)", "(자동: 아무도 명령을 입력하지 않음)"),
    "story.steps": ("{n} steps", "{n}단계"),
    "cause.exited": ("exited by itself", "스스로 끝남"),
    "cause.stopped": ("stopped", "중지됨"),
    "cause.killed": ("killed", "강제 종료됨"),
    "cause.oom": ("killed by the kernel: out of memory", "커널이 죽임: 메모리 부족"),
    "step.auto": ("automatic step of this command", "이 명령의 자동 단계"),
    "events.health_hidden": ("{n} health-check runs hidden (h shows them)", "헬스 체크 {n}번 숨김 (h로 표시)"),
    "events.col.time": ("time", "시각"),
    "events.col.what": ("what happened", "일어난 일"),
    "events.col.command": ("command typed", "입력한 명령"),
    "iso.ns.time": ("clocks (boot and monotonic offsets); Docker does not create one, so it is the host's", "시계(부팅·단조 시계 오프셋). Docker는 만들지 않으므로 호스트 것과 같음"),
    "iso.configured_only": ("configured (not read from a file)", "설정값 (파일에서 읽지 않음)"),
    "iso.throttled": ("CPU throttling: {n} period(s) throttled, {ms} ms in total (cpu.stat)", "CPU 스로틀링: 제한에 걸린 주기 {n}번, 모두 {ms} ms (cpu.stat)"),
    "iso.frozen.yes": ("freezer: FROZEN — the processes are paused by the cgroup freezer", "freezer: FROZEN — cgroup freezer가 프로세스를 멈춰 둠"),
    "iso.frozen.no": ("freezer: thawed (running)", "freezer: 풀림 (실행 중)"),
    "iso.oom_kills": ("OOM kills in this cgroup so far: {n}", "이 cgroup에서 지금까지 OOM으로 죽은 횟수: {n}"),
    "iso.files_note": ("The kernel's own files (read now; `cat` them on the daemon's machine):", "커널의 실제 파일 (지금 읽은 값, 데몬이 있는 기계에서 `cat`으로 확인):"),
}


def tr(key: str, lang: str = "en", /, **params: object) -> str:
    pair = _T.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "ko" and pair[1] else pair[0]
    if not params and "{" not in text:
        return text
    return text.format_map(_Params({k: str(v) for k, v in params.items()}))


def has(key: str) -> bool:
    return key in _T


def keys() -> tuple[str, ...]:
    return tuple(_T)


def explain(explanation, lang: str = "en") -> str:
    """Render a tui.domain.lifecycle.Explanation: the sentence, with the exit reason filled in."""
    params = dict(explanation.params)
    reason_key = params.get("reason", "")
    if reason_key:
        params["reason"] = tr(reason_key, lang, **params)
    elif explanation.key == "event.container.die":
        params["reason"] = tr("unknown", lang)
    key = explanation.key if has(explanation.key) else "event.generic"
    return tr(key, lang, **params)


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def story(s, lang: str = "en", untagged: tuple[str, ...] = ()) -> str:
    """Render a tui.domain.event_story.Story: one sentence for the command (or the cause)."""
    from .domain.event_story import step_word
    from .domain.lifecycle import exit_reason, signal_for_exit

    steps = " → ".join(step_word(e) for e in s.events)
    params = {"name": s.name, "image": s.image or "…", "n": s.steps, "steps": steps, "code": s.code or "?",
              "signal": s.signal or "SIGTERM", "grace": f"{s.grace:g}"}
    if s.code:
        reason = exit_reason(s.code)
        params["reason"] = tr(reason, lang, code=s.code, signal=signal_for_exit(s.code)) if reason else s.code
    else:
        params["reason"] = tr("unknown", lang)
    kind = s.kind
    if kind == "stop":
        kind = "stop_killed" if s.grace else ("stop" if s.cause else "stop_waiting")
    if kind == "untag":
        short = s.actor.split(":")[-1][:12]
        if untagged:
            return tr("event.image.untag_known", lang, tag=", ".join(untagged), id=short)
        return tr("event.image.untag", lang, id=short)
    if kind == "single" or not has(f"story.{kind}"):
        from .domain.lifecycle import explain as explain_event

        return explain(explain_event(s.events[0]), lang)
    return tr(f"story.{kind}", lang, **params)

"""The Jupyter project's kernel conformance suite (jupyter_kernel_test) against the Look Twice kernel,
plus interrupt, restart, a dying kernel and bad signatures through jupyter_client: real Jupyter
clients, none of ours. Run by jupyterClients.test.ts with JUPYTER_PATH pointing at a kernelspec
installed by `look-twice kernel install --prefix`."""

import time
import unittest
from queue import Empty

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

KERNEL_NAME = "look-twice"


class LookTwiceConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'
    completion_samples = [
        {"text": "Math.P", "matches": {"PI"}},
        {"text": "JSON.str", "matches": {"stringify"}},
        {"text": "show.lossC", "matches": {"lossCurve"}},
        {"text": "displ", "matches": {"display"}},
    ]
    complete_code_samples = ["1 + 1", "const a: number = 1", "function f(x: number) { return x }", "for (const i of [1]) {}"]
    incomplete_code_samples = ["function f() {", "[1, 2,", "const s = `abc", "1 +", "if (true) {\n  foo("]
    invalid_code_samples = ["const = 1", "1 +* 2", ")", "let let = 1"]
    code_generate_error = 'throw new Error("boom")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'text'", "result": "'text'"},
        {"code": "({ a: 1 })", "mime": "application/json"},
    ]
    code_display_data = [
        {"code": "display({ answer: 42 })", "mime": "application/json"},
        {"code": "display({ data: new Uint8Array(4 * 4 * 3).fill(200), width: 4, height: 4 })", "mime": "image/png"},
    ]
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"


def execute(kc, code, timeout=120):
    """Runs code; returns (reply content, [(msg_type, content)] of its IOPub outputs)."""
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])))
    return reply["content"], outputs


class LookTwiceLifecycle(unittest.TestCase):
    """What a Jupyter front end sees on interrupt, restart, a kernel that dies, and input() over stdin."""

    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=120)

    def tearDown(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)

    def interrupt_after(self, code, seen, timeout=120):
        """Sends `code`, waits until an IOPub message satisfies `seen`, interrupts (interrupt_mode message: on control)."""
        msg_id = self.kc.execute(code)
        outputs = []
        deadline = time.time() + timeout
        interrupted = False
        while time.time() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            outputs.append((msg["msg_type"], msg["content"]))
            if not interrupted and seen(msg):
                self.km.interrupt_kernel()
                interrupted = True
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertTrue(interrupted, outputs)
        return reply["content"], outputs

    def test_interrupt_stops_training_at_a_step_and_keeps_state(self):
        reply, _ = execute(self.kc, "import { createSimclrModel, pretrain, loadFashionMnist } from 'look-twice'\n"
                           "const train = loadFashionMnist({ split: 'train', limit: 64 })\n"
                           "const model = createSimclrModel({ encoder: 'cnn', seed: 0 })")
        self.assertEqual(reply["status"], "ok", reply)
        progress = "application/vnd.look-twice.progress+json"

        def training(msg):
            data = msg["content"].get("data", {})
            return progress in data and data[progress]["step"] >= 1

        reply, outputs = self.interrupt_after("const result = await pretrain(model, train, { steps: 10000, batchSize: 16, seed: 0 })", training)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        self.assertIn("state is kept", reply["evalue"])
        # Progress is one display updated in place (transient.display_id), ending 'interrupted'.
        updates = [c for t, c in outputs if t == "update_display_data" and progress in c["data"]]
        self.assertTrue(updates, [t for t, _ in outputs])
        self.assertEqual(updates[-1]["data"][progress]["state"], "interrupted")
        self.assertTrue(updates[-1]["transient"]["display_id"])
        # The weights and the result survive: the next cell continues from them.
        reply, outputs = execute(self.kc, "result.status + ' ' + (result.steps > 0) + ' ' + (model !== undefined)")
        self.assertEqual(reply["status"], "ok", reply)
        results = [c for t, c in outputs if t == "execute_result"]
        self.assertEqual(results[0]["data"]["text/plain"], "'interrupted true true'")

    def test_a_stuck_synchronous_loop_is_restarted_with_a_notice(self):
        execute(self.kc, "const kept = 1")
        reply, _ = self.interrupt_after("while (true) {}", lambda msg: msg["msg_type"] == "execute_input")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "KernelRestarted")
        self.assertIn("state was lost", reply["evalue"])
        reply, outputs = execute(self.kc, "typeof kept")
        self.assertEqual(reply["status"], "ok", (reply, outputs))
        self.assertEqual([c["data"]["text/plain"] for t, c in outputs if t == "execute_result"], ["'undefined'"])
        reply, outputs = execute(self.kc, "1 + 1")
        self.assertEqual([c["data"]["text/plain"] for t, c in outputs if t == "execute_result"], ["2"])

    def test_queued_cells_behind_an_error_are_aborted(self):
        first = self.kc.execute("throw new Error('first')")
        second = self.kc.execute("console.log('must not run')")
        replies = {}
        while len(replies) < 2:
            msg = self.kc.get_shell_msg(timeout=60)
            if msg["parent_header"]["msg_id"] in (first, second):
                replies[msg["parent_header"]["msg_id"]] = msg["content"]
        self.assertEqual(replies[first]["status"], "error")
        self.assertEqual(replies[second]["status"], "aborted")

    def test_restart_through_shutdown_request_gives_a_fresh_kernel(self):
        execute(self.kc, "const before = 1")
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=120)
        reply, outputs = execute(self.kc, "typeof before")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual([c["data"]["text/plain"] for t, c in outputs if t == "execute_result"], ["'undefined'"])

    def test_a_kernel_that_dies_is_reported_and_its_process_ends(self):
        reply, outputs = execute(self.kc, "process.exit(3)")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "KernelDied")
        self.assertIn("exited with code 3", reply["evalue"])
        self.assertIn("error", [t for t, _ in outputs])
        # The Jupyter server notices a dead kernel by its process: it must end (and is then restarted by the server).
        deadline = time.time() + 30
        while self.km.is_alive() and time.time() < deadline:
            time.sleep(0.2)
        self.assertFalse(self.km.is_alive())

    def test_completion_and_inspection_come_from_the_typescript_engine_once_warm(self):
        execute(self.kc, "const counts: Map<string, number> = new Map()")
        # `n` exists only in the code being typed: the kernel's scope cannot know its members, TypeScript can.
        code = "const n: number = counts.size; n.toFi"
        deadline = time.time() + 120
        matches = []
        while time.time() < deadline and "toFixed" not in matches:
            msg_id = self.kc.complete(code)
            reply = self.kc.get_shell_msg(timeout=30)
            self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
            matches = reply["content"]["matches"]
            time.sleep(1)
        self.assertEqual(matches, ["toFixed"])
        self.assertEqual((reply["content"]["cursor_start"], reply["content"]["cursor_end"]), (len(code) - 4, len(code)))
        msg_id = self.kc.inspect("counts.get", 10)
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertTrue(reply["content"]["found"], reply)
        self.assertIn("get(key: string): number | undefined", reply["content"]["data"]["text/plain"])

    def test_input_is_asked_on_stdin_and_the_reply_reaches_the_cell(self):
        asked = []

        def answer(msg):
            asked.append(msg)
            self.kc.input("hunter2" if msg["content"]["password"] else "Ada")

        outputs = []
        code = "console.log('before')\nconst who = await input('Who? ')\nconst key = await input('Key: ', { password: true })\nconsole.log(`hi ${who}, ${key.length}`)"
        reply = self.kc.execute_interactive(code, allow_stdin=True, stdin_hook=answer, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])), timeout=120)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual([(m["msg_type"], m["content"]) for m in asked], [("input_request", {"prompt": "Who? ", "password": False}), ("input_request", {"prompt": "Key: ", "password": True})])
        self.assertEqual(asked[0]["parent_header"]["msg_id"], reply["parent_header"]["msg_id"])
        self.assertEqual("".join(c["text"] for t, c in outputs if t == "stream"), "before\nhi Ada, 7\n")

    def test_input_without_allow_stdin_is_a_clear_error(self):
        outputs = []
        reply = self.kc.execute_interactive("await input('Who? ')", allow_stdin=False, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])), timeout=120)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "InputUnavailable")
        self.assertIn("allow_stdin", reply["content"]["evalue"])
        self.assertIn("error", [t for t, _ in outputs])

    def test_interrupt_while_waiting_for_input_keeps_state(self):
        execute(self.kc, "const kept = 'still here'")
        msg_id = self.kc.execute("const never = await input('wait: ')", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=60)
        self.assertEqual(request["content"]["prompt"], "wait: ")
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=60)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual((reply["content"]["status"], reply["content"]["ename"]), ("error", "Interrupted"))
        self.assertIn("state is kept", reply["content"]["evalue"])
        reply, outputs = execute(self.kc, "kept")
        self.assertEqual([c["data"]["text/plain"] for t, c in outputs if t == "execute_result"], ["'still here'"])

    def test_messages_with_a_bad_signature_are_dropped(self):
        forged = Session(key=b"not-the-key", signature_scheme="hmac-sha256")
        shell = self.kc.shell_channel.socket
        msg = forged.msg("execute_request", {"code": "console.log('forged')", "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        forged.send(shell, msg)
        # Replies to earlier requests (wait_for_ready's extra kernel_info) may still arrive; none may answer the forgery.
        deadline = time.time() + 3
        while time.time() < deadline:
            try:
                reply = self.kc.get_shell_msg(timeout=0.5)
            except Empty:
                continue
            self.assertNotEqual(reply["parent_header"].get("msg_id"), msg["header"]["msg_id"], reply)
        reply, outputs = execute(self.kc, "console.log('signed')")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(reply["execution_count"], 1, "the forged request must not have run")


if __name__ == "__main__":
    unittest.main()

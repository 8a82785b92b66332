(function() {
	// src/demo/sim/knobs.ts
	var DEFAULT_KNOBS = Object.freeze({
		seed: 1,
		speed: 1,
		jitterMs: 0,
		dropRate: 0,
		dupRate: 0,
		pal: false,
		perceptionRate: .25
	});
	/** Query-string name of each knob. */
	var KNOB_QUERY_NAMES = Object.freeze({
		seed: "seed",
		speed: "speed",
		jitterMs: "jitter",
		dropRate: "drop",
		dupRate: "dup",
		pal: "pal",
		perceptionRate: "perception"
	});
	function clamp(value, min, max) {
		return Math.min(max, Math.max(min, value));
	}
	function readNumber(raw, fallback, min, max) {
		if (raw === null || raw === void 0 || raw.trim() === "") return fallback;
		const value = Number(raw);
		return Number.isFinite(value) ? clamp(value, min, max) : fallback;
	}
	function readBoolean(raw, fallback) {
		if (raw === null || raw === void 0) return fallback;
		return ![
			"0",
			"false",
			"no",
			"off"
		].includes(raw.trim().toLowerCase());
	}
	/** Reads knobs from a query string; missing or invalid values fall back to the defaults, out-of-range ones are clamped. */
	function parseKnobs(query) {
		const params = typeof query === "string" ? new URLSearchParams(query) : query;
		const get = (knob) => params.get(KNOB_QUERY_NAMES[knob]);
		return {
			seed: Math.trunc(readNumber(get("seed"), DEFAULT_KNOBS.seed, 0, 4294967295)),
			speed: readNumber(get("speed"), DEFAULT_KNOBS.speed, .1, 50),
			jitterMs: readNumber(get("jitterMs"), DEFAULT_KNOBS.jitterMs, 0, 5e3),
			dropRate: readNumber(get("dropRate"), DEFAULT_KNOBS.dropRate, 0, 1),
			dupRate: readNumber(get("dupRate"), DEFAULT_KNOBS.dupRate, 0, 1),
			pal: readBoolean(get("pal"), DEFAULT_KNOBS.pal),
			perceptionRate: readNumber(get("perceptionRate"), DEFAULT_KNOBS.perceptionRate, 0, 1)
		};
	}
	/** Applies a partial, untrusted override (e.g. `window.__cviDemoConfig`) on top of knobs. */
	function mergeKnobs(base, override) {
		if (typeof override !== "object" || override === null) return base;
		const asQuery = new URLSearchParams();
		for (const knob of Object.keys(KNOB_QUERY_NAMES)) {
			const value = override[knob] ?? override[KNOB_QUERY_NAMES[knob]];
			if (value !== void 0 && value !== null) asQuery.set(KNOB_QUERY_NAMES[knob], String(value));
		}
		const parsed = parseKnobs(asQuery);
		const merged = { ...base };
		for (const knob of Object.keys(KNOB_QUERY_NAMES)) if (asQuery.has(KNOB_QUERY_NAMES[knob])) merged[knob] = parsed[knob];
		return merged;
	}
	// \0@oxc-project+runtime@0.156.0/helpers/esm/typeof.js
	function _typeof(o) {
		"@babel/helpers - typeof";
		return _typeof = "function" == typeof Symbol && "symbol" == typeof Symbol.iterator ? function(o) {
			return typeof o;
		} : function(o) {
			return o && "function" == typeof Symbol && o.constructor === Symbol && o !== Symbol.prototype ? "symbol" : typeof o;
		}, _typeof(o);
	}
	// \0@oxc-project+runtime@0.156.0/helpers/esm/toPrimitive.js
	function toPrimitive(t, r) {
		if ("object" != _typeof(t) || !t) return t;
		var e = t[Symbol.toPrimitive];
		if (void 0 !== e) {
			var i = e.call(t, r || "default");
			if ("object" != _typeof(i)) return i;
			throw new TypeError("@@toPrimitive must return a primitive value.");
		}
		return ("string" === r ? String : Number)(t);
	}
	// \0@oxc-project+runtime@0.156.0/helpers/esm/toPropertyKey.js
	function toPropertyKey(t) {
		var i = toPrimitive(t, "string");
		return "symbol" == _typeof(i) ? i : i + "";
	}
	// \0@oxc-project+runtime@0.156.0/helpers/esm/defineProperty.js
	function _defineProperty(e, r, t) {
		return (r = toPropertyKey(r)) in e ? Object.defineProperty(e, r, {
			value: t,
			enumerable: !0,
			configurable: !0,
			writable: !0
		}) : e[r] = t, e;
	}
	/**
	* The unreliable path between the replica and the app. Random delay (jitter) reorders events that
	* were emitted close together; drops consume a seq without delivering it; dups deliver a copy later.
	*/
	var DeliveryChannel = class {
		constructor(random, faults) {
			_defineProperty(this, "random", void 0);
			_defineProperty(this, "faults", void 0);
			_defineProperty(this, "queue", []);
			_defineProperty(this, "nextOrder", 0);
			_defineProperty(this, "stats", {
				seqsSent: 0,
				droppedSeqs: [],
				duplicates: 0,
				deliveriesScheduled: 0
			});
			this.random = random;
			this.faults = faults;
		}
		/** Sends the messages that share one seq: a single event, or a PAL/replica twin pair. */
		send(messages, emittedAt) {
			const first = messages[0];
			if (first === void 0) return;
			this.stats.seqsSent++;
			if (this.random.chance(this.faults.dropRate)) {
				this.stats.droppedSeqs.push(first.seq);
				return;
			}
			for (const event of messages) {
				const at = emittedAt + 20 + this.random.int(0, Math.round(this.faults.jitterMs));
				this.enqueue({
					at,
					event,
					duplicate: false
				});
				if (this.random.chance(this.faults.dupRate)) {
					this.stats.duplicates++;
					const copyAt = at + this.random.int(1, 30 + Math.round(this.faults.jitterMs));
					this.enqueue({
						at: copyAt,
						event: structuredClone(event),
						duplicate: true
					});
				}
			}
		}
		/** Removes and returns, in arrival order, every delivery due at or before `now`. */
		takeDue(now) {
			let count = 0;
			while (count < this.queue.length && this.queue[count].at <= now) count++;
			return this.queue.splice(0, count).map(stripOrder);
		}
		/** Everything still in flight, in arrival order (used when the call ends). */
		drain() {
			return this.queue.splice(0, this.queue.length).map(stripOrder);
		}
		nextArrivalAt() {
			return this.queue[0]?.at;
		}
		enqueue(delivery) {
			const queued = {
				...delivery,
				order: this.nextOrder++
			};
			this.stats.deliveriesScheduled++;
			let index = this.queue.length;
			while (index > 0 && this.queue[index - 1].at > queued.at) index--;
			this.queue.splice(index, 0, queued);
		}
	};
	function stripOrder({ at, event, duplicate }) {
		return {
			at,
			event,
			duplicate
		};
	}
	// src/demo/sim/prng.ts
	/**
	* Small seeded PRNG (a 32-bit counter mixed through a murmur3-style finaliser).
	* Not cryptographic: it only has to make the demo replica reproducible for a seed.
	*/
	var SeededRandom = class SeededRandom {
		constructor(seed) {
			_defineProperty(this, "state", void 0);
			this.state = seed >>> 0;
		}
		nextUint32() {
			this.state = this.state + 2654435769 >>> 0;
			let z = this.state;
			z = Math.imul(z ^ z >>> 16, 2246822507);
			z = Math.imul(z ^ z >>> 13, 3266489909);
			return (z ^ z >>> 16) >>> 0;
		}
		/** Uniform in [0, 1). */
		next() {
			return this.nextUint32() / 4294967296;
		}
		/** Uniform integer in [min, max], both inclusive. */
		int(min, max) {
			if (max <= min) return min;
			return min + Math.floor(this.next() * (max - min + 1));
		}
		chance(probability) {
			if (probability <= 0) return false;
			if (probability >= 1) return true;
			return this.next() < probability;
		}
		pick(items) {
			if (items.length === 0) throw new Error("pick() needs at least one item");
			return items[this.int(0, items.length - 1)];
		}
		/** RFC 4122 v4-shaped id, so it looks like Tavus' inference ids. */
		uuid() {
			const hex = (n, width) => n.toString(16).padStart(width, "0");
			const a = this.nextUint32();
			const b = this.nextUint32();
			const c = this.nextUint32();
			const d = this.nextUint32();
			const version = b & 4095 | 16384;
			const variant = c >>> 16 & 16383 | 32768;
			return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(version, 4)}-${hex(variant, 4)}-${hex(c & 65535, 4)}${hex(d, 8)}`;
		}
		/** Lowercase base-36 id of the given length (for conversation / tool-call ids). */
		id(length) {
			let out = "";
			while (out.length < length) out += this.nextUint32().toString(36);
			return out.slice(0, length);
		}
		/**
		* An independent stream derived from this seed and a label. Separate streams keep, say, the
		* network knobs from shifting the reply texts: turning jitter on must not change what is said.
		*/
		static derive(seed, label) {
			let h = (seed ^ 2166136261) >>> 0;
			for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619) >>> 0;
			return new SeededRandom(h);
		}
	};
	// src/demo/sim/replies.ts
	var OPENERS = [
		"Sure.",
		"Good question.",
		"Happy to help with that.",
		"Got it.",
		"Okay, let me think.",
		"Thanks for asking."
	];
	var FILLERS = [
		"This is the offline demo replica, so my answers are canned, but every event follows the Tavus wire format.",
		"Each of my words arrives as a streaming utterance event with the accumulated text.",
		"You can interrupt me at any time and watch the final chunk get marked as interrupted.",
		"Ask me about the weather if you want to see a tool call that waits for your tool result.",
		"Try appending some context, then ask me how much context I have.",
		"Every event I send carries a sequence number, a turn index and a timestamp."
	];
	var STORY = [
		"Once upon a time a small replica lived inside a video call.",
		"Every morning it woke up when a participant joined, said hello, and waited for the app to send a message.",
		"Some days the messages arrived in order; on other days the network shuffled them like a deck of cards.",
		"The replica never minded, because every event carried a sequence number that told the app where it belonged.",
		"And whenever somebody interrupted, it stopped mid-sentence, politely, and said how long it had been talking."
	];
	/** Shortens text for quoting it back, on a word boundary. */
	function quoteBack(text, maxLength = 60) {
		const flat = text.replace(/\s+/g, " ").trim();
		if (flat.length <= maxLength) return flat;
		const cut = flat.slice(0, maxLength);
		const lastSpace = cut.lastIndexOf(" ");
		return `${cut.slice(0, lastSpace > maxLength / 2 ? lastSpace : maxLength)}…`;
	}
	function describeContext(context) {
		if (context === "") return "I have no extra context yet.";
		return `My context is ${context.length} characters long and ends with “${quoteBack(context.slice(-60), 60)}”.`;
	}
	function describeSensitivity(pause, interrupt) {
		if (pause === void 0 && interrupt === void 0) return "My sensitivity is still the persona default.";
		return `My pause sensitivity is ${pause ?? "unchanged"} and my interrupt sensitivity is ${interrupt ?? "unchanged"}.`;
	}
	/** The replica's answer to a `conversation.respond` that is not a tool request. */
	function composeReply(random, knowledge) {
		const text = knowledge.userText;
		const parts = [];
		if (/\b(story|long)\b/i.test(text)) parts.push("Here is a longer one, so you have time to interrupt me.", ...STORY);
		else {
			parts.push(random.pick(OPENERS));
			if (text.trim() !== "") parts.push(`You said: “${quoteBack(text)}”.`);
		}
		parts.push(...knowledge.acknowledgements);
		const asksContext = /\bcontext\b/i.test(text);
		const asksSensitivity = /sensitiv/i.test(text);
		if (asksContext) parts.push(describeContext(knowledge.context));
		if (asksSensitivity) parts.push(describeSensitivity(knowledge.pauseSensitivity, knowledge.interruptSensitivity));
		if (!asksContext && !asksSensitivity && knowledge.acknowledgements.length === 0) parts.push(random.pick(FILLERS));
		return parts.join(" ");
	}
	/** A tool output (string or JSON object) as a short spoken phrase. */
	function describeToolOutput(output) {
		if (typeof output === "string") return quoteBack(output, 120);
		if (typeof output === "number" || typeof output === "boolean") return String(output);
		if (typeof output === "object" && output !== null) return quoteBack(Object.entries(output).slice(0, 6).map(([key, value]) => `${key.replace(/_/g, " ")} ${typeof value === "object" ? JSON.stringify(value) : String(value)}`).join(", "), 160);
		return "nothing useful";
	}
	/** Pulls "Paris" out of "what's the weather in Paris?"; falls back to a default city. */
	function weatherLocation(text) {
		const location = /\b(?:in|for|at)\s+([A-Za-z][A-Za-z .'-]{1,40}?)\s*(?:[?.!,]|\b(?:today|tomorrow|now|please)\b|$)/i.exec(text)?.[1]?.trim();
		return location && !/^(the|a|an)$/i.test(location) ? location : "San Francisco";
	}
	function asksForWeather(text) {
		return /\bweather\b|\bforecast\b/i.test(text);
	}
	// src/demo/sim/tiny-jpeg.ts
	/**
	* A 32×24 baseline JPEG (a cartoon face on a sky gradient, 909 bytes) that the demo replica attaches to
	* vision perception tool calls. Drawn for this project on a canvas and encoded with toDataURL('image/jpeg', 0.5).
	*/
	var TINY_FACE_JPEG_BASE64 = "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAYACADASIAAhEBAxEB/8QAGQAAAgMBAAAAAAAAAAAAAAAAAAQCBQYD/8QAIxAAAQMEAAcBAAAAAAAAAAAAAQADEQIEFGEFEiEkQ5HRIv/EABcBAQEBAQAAAAAAAAAAAAAAAAAEAgP/xAAaEQACAwEBAAAAAAAAAAAAAAABAgADEQQT/9oADAMBAAIRAxEAPwCyydqbblbh/AJVJk7Whsh2jBoIgjmqkTPT7Hpdui3yXRJ6aRY2GcXHK2zFYIUMnaZvR2j5rIgDmpgRHT7PtZ7J2nPb6rpi6kVtglPk7T1pxosMG3eabuGD43EIVDorjGE0pKnRC740X2BbstN27A8baRydoQiIqDFEMSx0z//Z";
	// src/demo/sim/wire.ts
	function isRecord(value) {
		return typeof value === "object" && value !== null && !Array.isArray(value);
	}
	/**
	* Accepts anything shaped like an interaction. Tavus is lenient about the envelope
	* (`message_type`, `conversation_id`), so the simulator is too; only `event_type` is required.
	*/
	function readInteraction(data) {
		if (!isRecord(data) || typeof data.event_type !== "string") return null;
		return {
			event_type: data.event_type,
			properties: isRecord(data.properties) ? data.properties : {}
		};
	}
	function readString(properties, key) {
		const value = properties[key];
		return typeof value === "string" ? value : void 0;
	}
	// src/demo/sim/replica-simulator.ts
	/** Tavus defaults audio echo to 16 kHz when `sample_rate` is omitted. */
	var DEFAULT_ECHO_SAMPLE_RATE = 16e3;
	var DEFAULT_AUDIO_KEY = "\0default";
	/**
	* A simulated Tavus replica. Pure: no DOM, no timers. The driver feeds it interactions and the
	* current time (epoch ms) and collects the deliveries that are due; everything is reproducible
	* for a seed when the driver's times are.
	*
	* Timeline: actions are scheduled at future times; `seq` is assigned when an action actually
	* emits (so interrupted plans never consume numbers), and the delivery channel then applies
	* latency, jitter, drops and duplicates.
	*/
	var ReplicaSimulator = class {
		constructor(options = {}) {
			_defineProperty(this, "knobs", void 0);
			_defineProperty(this, "conversationId", void 0);
			_defineProperty(this, "replicaId", void 0);
			_defineProperty(this, "content", void 0);
			_defineProperty(this, "timing", void 0);
			_defineProperty(this, "channel", void 0);
			_defineProperty(this, "onEmit", void 0);
			_defineProperty(this, "actions", []);
			_defineProperty(this, "nextActionOrder", 0);
			_defineProperty(this, "now", 0);
			_defineProperty(this, "lastSeq", 0);
			_defineProperty(this, "turnIdx", 0);
			_defineProperty(this, "joined", false);
			_defineProperty(this, "present", false);
			_defineProperty(this, "left", false);
			_defineProperty(this, "context", "");
			_defineProperty(this, "pauseSensitivity", void 0);
			_defineProperty(this, "interruptSensitivity", void 0);
			_defineProperty(this, "acknowledgements", []);
			_defineProperty(
				this,
				/** Current speech first, then queued ones. */
				"speeches",
				[]
			);
			_defineProperty(this, "replicaFreeAt", 0);
			_defineProperty(this, "userFreeAt", 0);
			_defineProperty(
				this,
				/** Actions that will lead to speech (thinking time); an interrupt cancels them. */
				"plannedReplies",
				[]
			);
			_defineProperty(this, "pendingToolCall", void 0);
			_defineProperty(this, "audioEchoes", /* @__PURE__ */ new Map());
			_defineProperty(this, "conversationStats", {
				userTurns: 0,
				replicaSpeeches: 0,
				interruptions: 0,
				toolCalls: 0,
				perceptionCalls: 0
			});
			this.knobs = {
				...DEFAULT_KNOBS,
				...options.knobs
			};
			this.onEmit = options.onEmit;
			const seed = this.knobs.seed;
			this.content = SeededRandom.derive(seed, "content");
			this.timing = SeededRandom.derive(seed, "timing");
			this.channel = new DeliveryChannel(SeededRandom.derive(seed, "network"), {
				jitterMs: this.knobs.jitterMs,
				dropRate: this.knobs.dropRate,
				dupRate: this.knobs.dupRate
			});
			this.conversationId = `c${this.content.id(12)}`;
			this.replicaId = `r${this.content.id(11)}`;
		}
		get deliveryStats() {
			return this.channel.stats;
		}
		get stats() {
			return this.conversationStats;
		}
		get isReplicaPresent() {
			return this.present;
		}
		get isAwaitingToolResult() {
			return this.pendingToolCall !== void 0;
		}
		/** The app joined the room; the replica appears a moment later and announces itself. */
		join(at) {
			this.advanceTo(at);
			if (this.joined) return;
			this.joined = true;
			this.replicaFreeAt = this.now;
			this.userFreeAt = this.now;
			this.schedule(this.now + this.scaled(this.timing.int(250, 600)), () => {
				this.present = true;
				this.emit({
					message_type: "system",
					event_type: "system.replica_joined",
					properties: { replica_id: this.replicaId }
				});
				if (this.knobs.pal) this.emit({
					message_type: "system",
					event_type: "system.pal_joined",
					properties: { replica_id: this.replicaId }
				});
			});
		}
		/** The app left: everything planned is dropped and the end-of-call perception analysis goes out. */
		leave(at) {
			this.advanceTo(at);
			if (!this.joined || this.left) return;
			this.left = true;
			for (const action of this.actions) action.cancelled = true;
			this.actions = [];
			if (this.present) this.emit({
				message_type: "conversation",
				event_type: "conversation.perception_analysis",
				turn_idx: this.turnIdx,
				properties: { analysis: this.composeAnalysis() }
			});
			this.present = false;
		}
		/** Feeds one app-message `data` sent by the app. */
		receive(data, at) {
			this.advanceTo(at);
			const interaction = readInteraction(data);
			if (interaction === null) return "ignored-invalid";
			if (!this.present || this.left) return "ignored-not-present";
			return this.handle(interaction);
		}
		/** Runs the timeline up to `now` and returns the deliveries that have arrived by then. */
		poll(now) {
			this.advanceTo(now);
			return this.channel.takeDue(now);
		}
		/** Every delivery still in flight, regardless of time (the call is ending). */
		drain() {
			return this.channel.drain();
		}
		/** When the driver should call `poll` next, or undefined when nothing is planned. */
		nextWakeAt() {
			const nextAction = this.actions[0]?.at;
			const nextArrival = this.channel.nextArrivalAt();
			if (nextAction === void 0) return nextArrival;
			if (nextArrival === void 0) return nextAction;
			return Math.min(nextAction, nextArrival);
		}
		handle(interaction) {
			const props = interaction.properties;
			switch (interaction.event_type) {
				case "conversation.respond": {
					const text = readString(props, "text");
					if (text === void 0) return "ignored-invalid";
					this.startUserTurn(text);
					return "accepted";
				}
				case "conversation.echo": return this.handleEcho(props);
				case "conversation.interrupt":
					this.interrupt();
					return "accepted";
				case "conversation.overwrite_llm_context": {
					const context = readString(props, "context");
					if (context === void 0) return "ignored-invalid";
					this.context = context;
					this.acknowledgements.push(`I replaced my context; it is now ${context.length} characters long.`);
					return "accepted";
				}
				case "conversation.append_llm_context": {
					const context = readString(props, "context");
					if (context === void 0) return "ignored-invalid";
					this.context = this.context === "" ? context : `${this.context}\n${context}`;
					if (this.pendingToolCall !== void 0) {
						const pending = this.pendingToolCall;
						this.pendingToolCall = void 0;
						this.planReply(pending.turnIdx, () => `Thanks. Based on what you looked up: “${quoteBack(context, 120)}”.`);
					} else this.acknowledgements.push(`I added that to my context, which is now ${this.context.length} characters long.`);
					return "accepted";
				}
				case "conversation.sensitivity": {
					const pause = readString(props, "participant_pause_sensitivity");
					const interrupt = readString(props, "participant_interrupt_sensitivity");
					if (pause === void 0 && interrupt === void 0) return "ignored-invalid";
					if (pause !== void 0) this.pauseSensitivity = pause;
					if (interrupt !== void 0) this.interruptSensitivity = interrupt;
					this.acknowledgements.push(`Noted: pause sensitivity ${this.pauseSensitivity ?? "default"}, interrupt sensitivity ${this.interruptSensitivity ?? "default"}.`);
					return "accepted";
				}
				case "conversation.tool_result": return this.handleToolResult(props);
				default: return "ignored-unknown";
			}
		}
		handleEcho(props) {
			const modality = readString(props, "modality");
			const audio = readString(props, "audio");
			const inferenceId = readString(props, "inference_id");
			if (modality === "audio" || modality === void 0 && audio !== void 0) {
				const key = inferenceId ?? DEFAULT_AUDIO_KEY;
				const buffer = this.audioEchoes.get(key) ?? {
					bytes: 0,
					sampleRate: DEFAULT_ECHO_SAMPLE_RATE
				};
				buffer.bytes += audio === void 0 ? 0 : base64ByteLength(audio);
				const sampleRate = props.sample_rate;
				if (typeof sampleRate === "number" && sampleRate > 0) buffer.sampleRate = sampleRate;
				this.audioEchoes.set(key, buffer);
				if (props.done === true || props.done === "true") {
					this.audioEchoes.delete(key);
					const seconds = buffer.bytes / 2 / buffer.sampleRate;
					this.resolveToolCallBySpeech();
					this.queueSpeech(`(audio ${seconds.toFixed(1)} s)`, inferenceId ?? this.content.uuid(), this.turnIdx, this.now + this.scaled(60), seconds * 1e3);
				}
				return "accepted";
			}
			const text = readString(props, "text");
			if (text === void 0 || text.trim() === "") return "ignored-invalid";
			this.resolveToolCallBySpeech();
			this.queueSpeech(text, inferenceId ?? this.content.uuid(), this.turnIdx, this.now + this.scaled(this.timing.int(40, 120)));
			return "accepted";
		}
		handleToolResult(props) {
			const toolCallId = readString(props, "tool_call_id");
			const pending = this.pendingToolCall;
			if (pending === void 0 || toolCallId !== pending.toolCallId) return "ignored-unknown";
			this.pendingToolCall = void 0;
			const failed = props.status === "error";
			const output = describeToolOutput(props.output);
			this.planReply(pending.turnIdx, () => failed ? `Sorry, I couldn't get the weather for ${pending.location}: ${output}.` : `Here is the weather for ${pending.location}: ${output}.`);
			return "accepted";
		}
		/** An echo answers a waiting tool call too (the documented pre-registry way to return a result). */
		resolveToolCallBySpeech() {
			this.pendingToolCall = void 0;
		}
		/** `conversation.respond`: the text is treated as if the user had said it. */
		startUserTurn(text) {
			this.turnIdx++;
			this.conversationStats.userTurns++;
			const turnIdx = this.turnIdx;
			const userInferenceId = this.content.uuid();
			this.interrupt();
			this.pendingToolCall = void 0;
			const start = Math.max(this.now, this.userFreeAt);
			const chunks = this.splitIntoChunks(text);
			let at = start;
			this.schedule(at, () => {
				this.emitSpeakingPair("started", "user", userInferenceId, turnIdx);
			});
			chunks.forEach((accumulated, index) => {
				at += this.scaled(this.timing.int(60, 110) * wordCount(chunks, index));
				const isFinal = index === chunks.length - 1;
				this.schedule(at, () => {
					this.emit({
						message_type: "conversation",
						event_type: "conversation.utterance.streaming",
						inference_id: userInferenceId,
						turn_idx: turnIdx,
						properties: {
							role: "user",
							speech: accumulated,
							content_index: index,
							final: isFinal
						}
					});
				});
			});
			const stoppedAt = at + this.scaled(this.timing.int(20, 60));
			const durationSeconds = roundSeconds(stoppedAt - start);
			this.schedule(stoppedAt, () => {
				this.emitSpeakingPair("stopped", "user", userInferenceId, turnIdx, {
					duration: durationSeconds,
					interrupted: false
				});
				this.emit({
					message_type: "conversation",
					event_type: "conversation.utterance",
					inference_id: userInferenceId,
					turn_idx: turnIdx,
					properties: {
						role: "user",
						speech: text
					}
				});
				if (this.content.chance(this.knobs.perceptionRate)) this.planPerceptionToolCall(turnIdx);
				if (asksForWeather(text)) this.planToolCall(text, userInferenceId, turnIdx);
				else this.planReply(turnIdx, () => composeReply(this.content, {
					userText: text,
					context: this.context,
					pauseSensitivity: this.pauseSensitivity,
					interruptSensitivity: this.interruptSensitivity,
					acknowledgements: this.takeAcknowledgements()
				}));
			});
			this.userFreeAt = stoppedAt;
		}
		/** After some thinking time, composes the text (at that moment, so late context counts) and speaks it. */
		planReply(turnIdx, composeText) {
			const thinkAt = this.now + this.scaled(this.timing.int(250, 700));
			const action = this.schedule(thinkAt, () => {
				this.plannedReplies = this.plannedReplies.filter((planned) => planned !== action);
				this.queueSpeech(composeText(), this.content.uuid(), turnIdx, this.now);
			});
			this.plannedReplies.push(action);
		}
		planToolCall(text, userInferenceId, turnIdx) {
			const location = weatherLocation(text);
			const action = this.schedule(this.now + this.scaled(this.timing.int(200, 450)), () => {
				this.plannedReplies = this.plannedReplies.filter((planned) => planned !== action);
				const toolCallId = `call_${this.content.id(8).toUpperCase()}`;
				this.pendingToolCall = {
					toolCallId,
					location,
					turnIdx
				};
				this.conversationStats.toolCalls++;
				this.emit({
					message_type: "conversation",
					event_type: "conversation.tool_call",
					inference_id: userInferenceId,
					turn_idx: turnIdx,
					properties: {
						name: "get_weather",
						arguments: JSON.stringify({
							location,
							unit: "celsius"
						}),
						tool_call_id: toolCallId
					}
				});
			});
			this.plannedReplies.push(action);
		}
		planPerceptionToolCall(turnIdx) {
			const vision = this.content.chance(.5);
			const toolCallId = this.knobs.pal ? `call_${this.content.id(8).toUpperCase()}` : void 0;
			const properties = vision ? {
				modality: "vision",
				name: this.content.pick(["notify_object_shown", "notify_badge_shown"]),
				arguments: {
					object: this.content.pick([
						"coffee mug",
						"visitor badge",
						"notebook"
					]),
					confidence: .87
				},
				frames: [{
					data: TINY_FACE_JPEG_BASE64,
					mime_type: "image/jpeg"
				}]
			} : {
				modality: "audio",
				name: "flag_tone_change",
				arguments: JSON.stringify({
					tone: this.content.pick([
						"curious",
						"hesitant",
						"upbeat"
					]),
					reason: "pitch rose at the end"
				})
			};
			if (toolCallId !== void 0) properties.tool_call_id = toolCallId;
			this.schedule(this.now + this.scaled(this.timing.int(80, 220)), () => {
				this.conversationStats.perceptionCalls++;
				this.emit({
					message_type: "conversation",
					event_type: "conversation.perception_tool_call",
					turn_idx: turnIdx,
					properties
				});
			});
		}
		takeAcknowledgements() {
			const taken = this.acknowledgements;
			this.acknowledgements = [];
			return taken;
		}
		/**
		* Plans one speech after whatever the replica is already saying. `totalMs` fixes the length
		* (audio echo); otherwise the pace is a few words per streaming chunk at a speaking rate.
		*/
		queueSpeech(text, inferenceId, turnIdx, earliestStart, totalMs) {
			const accumulated = this.splitIntoChunks(text);
			const speech = {
				inferenceId,
				turnIdx,
				accumulated,
				chunksSent: 0,
				startedAt: void 0,
				finished: false,
				actions: []
			};
			this.speeches.push(speech);
			const start = Math.max(earliestStart, this.replicaFreeAt);
			const role = this.replicaRole();
			speech.actions.push(this.schedule(start, () => {
				speech.startedAt = this.now;
				this.conversationStats.replicaSpeeches++;
				this.emitSpeakingPair("started", role, inferenceId, turnIdx);
				this.emit({
					message_type: "conversation",
					event_type: "conversation.utterance",
					inference_id: inferenceId,
					turn_idx: turnIdx,
					properties: {
						role,
						speech: text
					}
				});
			}));
			let at = start;
			accumulated.forEach((speechSoFar, index) => {
				at += totalMs === void 0 ? this.scaled(this.timing.int(150, 240) * wordCount(accumulated, index)) : this.scaled(totalMs / accumulated.length);
				const isFinal = index === accumulated.length - 1;
				speech.actions.push(this.schedule(at, () => {
					speech.chunksSent = index + 1;
					this.emit({
						message_type: "conversation",
						event_type: "conversation.utterance.streaming",
						inference_id: inferenceId,
						turn_idx: turnIdx,
						properties: {
							role,
							speech: speechSoFar,
							content_index: index,
							final: isFinal
						}
					});
				}));
			});
			const stopAt = at + this.scaled(this.timing.int(20, 80));
			speech.actions.push(this.schedule(stopAt, () => {
				speech.finished = true;
				this.speeches = this.speeches.filter((other) => other !== speech);
				this.emitReplicaStopped(speech, false);
			}));
			this.replicaFreeAt = stopAt;
		}
		/** Stops the current speech where it is and forgets everything the replica meant to say next. */
		interrupt() {
			for (const action of this.plannedReplies) action.cancelled = true;
			this.plannedReplies = [];
			const [current, ...queued] = this.speeches;
			for (const speech of queued) for (const action of speech.actions) action.cancelled = true;
			this.speeches = [];
			if (current !== void 0) {
				for (const action of current.actions) action.cancelled = true;
				if (current.startedAt !== void 0 && !current.finished) {
					this.conversationStats.interruptions++;
					current.finished = true;
					const role = this.replicaRole();
					this.emit({
						message_type: "conversation",
						event_type: "conversation.utterance.streaming",
						inference_id: current.inferenceId,
						turn_idx: current.turnIdx,
						properties: {
							role,
							speech: current.accumulated[current.chunksSent - 1] ?? "",
							content_index: current.chunksSent,
							final: true,
							is_interrupted: true
						}
					});
					this.emitReplicaStopped(current, true);
				}
			}
			this.replicaFreeAt = this.now;
		}
		emitReplicaStopped(speech, interrupted) {
			const duration = roundSeconds(this.now - (speech.startedAt ?? this.now));
			this.emitSpeakingPair("stopped", this.replicaRole(), speech.inferenceId, speech.turnIdx, {
				duration,
				interrupted
			});
		}
		replicaRole() {
			return this.knobs.pal ? "pal" : "replica";
		}
		/** The legacy role-specific event followed by its role-agnostic twin (Tavus sends both). */
		emitSpeakingPair(phase, role, inferenceId, turnIdx, stopped) {
			const legacyRole = role === "user" ? "user" : "replica";
			const legacyProperties = phase === "stopped" && legacyRole === "replica" ? { ...stopped } : void 0;
			this.emit({
				message_type: "conversation",
				event_type: `conversation.${legacyRole}.${phase}_speaking`,
				inference_id: inferenceId,
				turn_idx: turnIdx,
				...legacyProperties === void 0 ? {} : { properties: legacyProperties }
			});
			this.emit({
				message_type: "conversation",
				event_type: `conversation.${phase}_speaking`,
				inference_id: inferenceId,
				turn_idx: turnIdx,
				properties: phase === "stopped" ? {
					role,
					...stopped
				} : { role }
			});
		}
		emit(partial) {
			const event = {
				message_type: partial.message_type,
				event_type: partial.event_type,
				conversation_id: this.conversationId,
				...partial.inference_id === void 0 ? {} : { inference_id: partial.inference_id },
				seq: ++this.lastSeq,
				...partial.turn_idx === void 0 ? {} : { turn_idx: partial.turn_idx },
				timestamp: Math.round(this.now) / 1e3,
				...partial.properties === void 0 ? {} : { properties: partial.properties }
			};
			const messages = [event];
			if (this.knobs.pal && event.properties?.role === "pal") messages.push({
				...event,
				properties: {
					...event.properties,
					role: "replica"
				}
			});
			for (const message of messages) this.onEmit?.(message);
			this.channel.send(messages, this.now);
		}
		schedule(at, run) {
			const action = {
				at: Math.round(at),
				order: this.nextActionOrder++,
				run,
				cancelled: false
			};
			let index = this.actions.length;
			while (index > 0 && this.actions[index - 1].at > action.at) index--;
			this.actions.splice(index, 0, action);
			return action;
		}
		advanceTo(time) {
			for (;;) {
				const next = this.actions[0];
				if (next === void 0 || next.at > time) break;
				this.actions.shift();
				if (next.cancelled) continue;
				this.now = Math.max(this.now, next.at);
				next.run();
			}
			this.now = Math.max(this.now, time);
		}
		scaled(ms) {
			return ms / this.knobs.speed;
		}
		/** Splits text into streaming chunks of 1–4 words; each entry is the accumulated text so far. */
		splitIntoChunks(text) {
			const words = text.trim().split(/\s+/).filter((word) => word !== "");
			if (words.length === 0) return [text];
			const accumulated = [];
			let used = 0;
			while (used < words.length) {
				used = Math.min(words.length, used + this.timing.int(1, 4));
				accumulated.push(words.slice(0, used).join(" "));
			}
			return accumulated;
		}
		composeAnalysis() {
			const stats = this.conversationStats;
			return [
				`**Engagement:** ${stats.userTurns} user turn(s); the replica spoke ${stats.replicaSpeeches} time(s) and was interrupted ${stats.interruptions} time(s).`,
				`**Attention:** the participant faced the screen about ${this.content.int(60, 95)}% of the call.`,
				`**Tools:** ${stats.toolCalls} tool call(s), ${stats.perceptionCalls} perception tool call(s).`,
				`**Context:** ${describeContext(this.context)}`
			].join("\n");
		}
	};
	/** Decoded size of a base64 string without decoding it. */
	function base64ByteLength(base64) {
		const clean = base64.replace(/[^A-Za-z0-9+/=_-]/g, "");
		const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
		return Math.max(0, Math.floor(clean.length * 3 / 4) - padding);
	}
	function roundSeconds(ms) {
		return Math.round(ms / 10) / 100;
	}
	/** Words added by chunk `index` (chunks hold accumulated text). */
	function wordCount(accumulated, index) {
		const count = (text) => text === void 0 || text === "" ? 0 : text.split(" ").length;
		return Math.max(1, count(accumulated[index]) - count(accumulated[index - 1]));
	}
	// src/demo/call-machine.ts
	/**
	* Offline stand-in for Daily's call machine ("call-machine-object-bundle.js").
	*
	* daily-js fetches this file (via `dailyConfig.bundlePathOverride` / `callObjectBundleUrlOverride`) and
	* runs it with `Function('"use strict";' + code)()` in the page. It then talks to us over
	* `window.postMessage` with `{what:'iframe-call-message', from:'module', callClientId|callFrameId, action}`,
	* and we answer with `from:'embedded'`. No network, no media: the room holds the local user and one
	* simulated Tavus replica whose events come from `ReplicaSimulator`.
	*
	* Works with daily-js 0.60 (`callFrameId`, `resetCallMachine`, global `store`) and 0.67+ (`callClientId`,
	* `callMachine = {reset, store}`); checked against 0.60.0, 0.80.0 and 0.92.2.
	*/
	var MESSAGE_MARKER = "iframe-call-message";
	var LOG_PREFIX = "[cvi-demo call machine]";
	/**
	* The minimal Redux-like store daily-js reads while processing participants (track lookups).
	* Empty streams mean "no media", which is the truth here.
	*/
	var EMPTY_MEDIA_STORE = Object.freeze({
		getState: () => ({
			local: {
				streams: {},
				public: { customTracks: {} }
			},
			participants: {},
			streams: {}
		}),
		subscribe: () => () => {},
		dispatch: () => {}
	});
	var demoWindow = window;
	function readKnobs() {
		try {
			return mergeKnobs(parseKnobs(location.search), demoWindow.__cviDemoConfig);
		} catch {
			return { ...DEFAULT_KNOBS };
		}
	}
	function offTrack() {
		return {
			subscribed: true,
			state: "off",
			off: { byUser: true }
		};
	}
	/** A participant object shaped like the ones daily-js receives from the real call machine (no media). */
	function participant(fields) {
		return {
			session_id: fields.sessionId,
			user_id: fields.userId,
			user_name: fields.userName,
			local: fields.local,
			owner: false,
			joined_at: /* @__PURE__ */ new Date(),
			will_eject_at: /* @__PURE__ */ new Date(0),
			networkThreshold: "good",
			permissions: {
				hasPresence: true,
				canSend: true,
				canReceive: { base: true },
				canAdmin: false
			},
			participantType: "remote",
			audio: false,
			video: false,
			screen: false,
			record: false,
			cam_info: {},
			screen_info: {},
			tracks: {
				audio: offTrack(),
				video: offTrack(),
				screenAudio: offTrack(),
				screenVideo: offTrack()
			}
		};
	}
	function randomId() {
		return typeof crypto !== "undefined" && typeof crypto.randomUUID === "function" ? crypto.randomUUID() : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
	}
	/** One daily-js call instance's machine. */
	var DemoCallMachine = class {
		constructor(instanceId) {
			_defineProperty(this, "instanceId", void 0);
			_defineProperty(this, "idKey", "callClientId");
			_defineProperty(this, "simulator", void 0);
			_defineProperty(this, "wakeTimer", void 0);
			_defineProperty(this, "localSessionId", randomId());
			_defineProperty(this, "replicaSessionId", randomId());
			_defineProperty(this, "onMessage", (event) => {
				const message = event.data;
				if (message === null || typeof message !== "object" || message.what !== MESSAGE_MARKER) return;
				if (typeof message.action !== "string" || message.from !== void 0 && message.from !== "module") return;
				if ((message.callClientId ?? message.callFrameId) !== this.instanceId) return;
				if (!this.isInstanceAlive()) {
					this.dispose();
					return;
				}
				this.idKey = message.callFrameId !== void 0 ? "callFrameId" : "callClientId";
				this.handle(message);
			});
			_defineProperty(this, "pump", () => {
				this.stopTimer();
				const simulator = this.simulator;
				if (simulator === void 0) return;
				if (!this.isInstanceAlive()) {
					this.dispose();
					return;
				}
				for (const delivery of simulator.poll(Date.now())) this.postAppMessage(delivery.event);
				const wakeAt = simulator.nextWakeAt();
				if (wakeAt !== void 0) this.wakeTimer = setTimeout(this.pump, Math.max(0, wakeAt - Date.now()));
			});
			this.instanceId = instanceId;
		}
		install() {
			const registry = demoWindow._daily?.instances?.[this.instanceId];
			if (registry === void 0) return;
			registry.callMachine = {
				reset: () => this.reset(),
				store: EMPTY_MEDIA_STORE
			};
			registry.resetCallMachine = () => this.reset();
			window.addEventListener("message", this.onMessage);
		}
		handle(message) {
			switch (message.action) {
				case "join-meeting":
					this.join(message);
					break;
				case "leave-meeting":
					this.leave();
					break;
				case "app-msg":
					this.appMessageFromApp(message.data, message.to);
					break;
				default: if (message.callbackStamp !== void 0) this.post({
					action: "cvi-demo-ack",
					callbackStamp: message.callbackStamp
				});
			}
		}
		join(message) {
			if (this.idKey === "callFrameId" && demoWindow.store === void 0) demoWindow.store = EMPTY_MEDIA_STORE;
			const knobs = readKnobs();
			this.stopTimer();
			this.simulator = new ReplicaSimulator({ knobs });
			const userName = typeof message.properties?.userName === "string" ? message.properties.userName : "You";
			const local = participant({
				sessionId: this.localSessionId,
				userId: this.localSessionId,
				userName,
				local: true
			});
			this.post({
				action: "joined-meeting",
				participants: { local },
				...message.callbackStamp ? { callbackStamp: message.callbackStamp } : {}
			});
			const replica = participant({
				sessionId: this.replicaSessionId,
				userId: `tavus-replica-${this.simulator.replicaId}`,
				userName: "Replica",
				local: false
			});
			this.post({
				action: "participant-joined",
				participant: replica
			});
			this.post({
				action: "participant-counts-updated",
				participantCounts: {
					present: 2,
					hidden: 0
				}
			});
			this.simulator.join(Date.now());
			console.info(LOG_PREFIX, "joined; simulated replica knobs", knobs, "conversation", this.simulator.conversationId);
			this.pump();
		}
		leave() {
			const simulator = this.simulator;
			this.stopTimer();
			if (simulator !== void 0) {
				const now = Date.now();
				const due = simulator.poll(now);
				simulator.leave(now);
				for (const delivery of [...due, ...simulator.drain()]) this.postAppMessage(delivery.event);
			}
			this.simulator = void 0;
			this.post({ action: "left-meeting" });
		}
		appMessageFromApp(data, to) {
			const simulator = this.simulator;
			if (simulator === void 0) return;
			if (!this.addressedToReplica(to)) return;
			const outcome = simulator.receive(data, Date.now());
			if (outcome !== "accepted") console.info(LOG_PREFIX, `interaction ${outcome}`, data);
			this.pump();
		}
		addressedToReplica(to) {
			if (to === void 0 || to === "*") return true;
			if (typeof to === "string") return to === this.replicaSessionId;
			return Array.isArray(to) && to.includes(this.replicaSessionId);
		}
		postAppMessage(event) {
			this.post({
				action: "app-message",
				data: event,
				fromId: this.replicaSessionId
			});
		}
		post(message) {
			const outgoing = {
				...message,
				what: MESSAGE_MARKER,
				from: "embedded",
				[this.idKey]: this.instanceId
			};
			window.postMessage(outgoing, location.origin === "null" ? "*" : location.origin);
		}
		reset() {
			this.stopTimer();
			this.simulator = void 0;
		}
		stopTimer() {
			if (this.wakeTimer !== void 0) clearTimeout(this.wakeTimer);
			this.wakeTimer = void 0;
		}
		isInstanceAlive() {
			return demoWindow._daily?.instances?.[this.instanceId] !== void 0;
		}
		dispose() {
			this.reset();
			window.removeEventListener("message", this.onMessage);
		}
	};
	/** Installs a machine for every call instance daily-js is waiting on. */
	function installPendingMachines() {
		const registry = demoWindow._daily;
		if (registry?.pendings === void 0) return;
		for (const instanceId of registry.pendings.splice(0)) {
			const instance = registry.instances?.[instanceId];
			if (instance === void 0 || instance.callMachine !== void 0 || instance.resetCallMachine !== void 0) continue;
			new DemoCallMachine(instanceId).install();
		}
	}
	installPendingMachines();
})();

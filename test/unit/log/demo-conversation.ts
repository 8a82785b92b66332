/**
 * The demo's conversation shape, scripted: a first respond before any turn_idx, a tool call answered by
 * tool_result, then (a minute later) a context overwrite and an audio echo between turns that the replica speaks
 * under the finished turn's turn_idx, then a respond whose answer the user interrupts.
 */
import { Script } from './conversation-script';

const AUDIO = 'AAAA'.repeat(100); // 300 bytes of silence per chunk

export function demoConversation(): Script {
  const s = new Script();
  s.at(1_000).in('system.replica_joined', undefined, undefined, { replica_id: 'r1' });
  s.at(2_000).out('conversation.respond', { text: "what's the weather in Paris?" });
  s.at(2_100).speaking('started', 'user', 1, 'u1');
  s.at(2_200).stream('user', 1, 'u1', ["what's", 'the weather', 'in Paris?']);
  s.at(2_600).speaking('stopped', 'user', 1, 'u1', { duration: 0.5, interrupted: false });
  s.utterance('user', 1, 'u1', "what's the weather in Paris?");
  s.at(2_800).in('conversation.tool_call', 1, 'u1', {
    name: 'get_weather',
    arguments: JSON.stringify({ location: 'Paris' }),
    tool_call_id: 'tc1',
  });
  s.at(3_300).out('conversation.tool_result', { tool_call_id: 'tc1', output: { sky: 'fog' }, status: 'success' });
  s.at(3_600).speaking('started', 'replica', 1, 'r1');
  s.utterance('replica', 1, 'r1', 'Here is the weather for Paris: fog.');
  s.at(3_700).stream('replica', 1, 'r1', ['Here is', 'the weather', 'for Paris: fog.']);
  s.at(4_500).speaking('stopped', 'replica', 1, 'r1', { duration: 0.9, interrupted: false });
  // Between turns, a minute later.
  s.at(60_000).out('conversation.overwrite_llm_context', { context: 'The user likes short answers.' });
  for (let i = 0; i < 3; i++)
    s.at(61_000 + i * 50).out('conversation.echo', {
      modality: 'audio',
      audio: AUDIO,
      sample_rate: 24000,
      inference_id: 'e1',
      done: i === 2,
    });
  s.at(61_300).speaking('started', 'replica', 1, 'e1');
  s.utterance('replica', 1, 'e1', '(audio 0.0 s)');
  s.stream('replica', 1, 'e1', ['(audio 0.0 s)']);
  s.at(61_600).speaking('stopped', 'replica', 1, 'e1', { duration: 0.3, interrupted: false });
  // Turn 2: the user interrupts the story.
  s.at(70_000).out('conversation.respond', { text: 'tell me a story' });
  s.at(70_100).speaking('started', 'user', 2, 'u2');
  s.stream('user', 2, 'u2', ['tell me', 'a story']);
  s.at(70_400).speaking('stopped', 'user', 2, 'u2', { duration: 0.3, interrupted: false });
  s.utterance('user', 2, 'u2', 'tell me a story');
  s.at(72_900).speaking('started', 'replica', 2, 'r2');
  s.utterance('replica', 2, 'r2', 'Once upon a time there was a fox who loved maps.');
  s.stream('replica', 2, 'r2', ['Once upon', 'a time'], true);
  s.at(73_500).speaking('stopped', 'replica', 2, 'r2', { duration: 0.6, interrupted: true });
  return s;
}

from common import *
for p in ['smartcode', 'fourled']:
    write(f'power/power_idle_hour_{p}.yaml', f'the first key after an hour idle is processed ({p})', ['LB-POWER-8'], p, ['power'],
          flat(lock(), '- wait: 1h', '- enter: "${user}"', '- expect: {beeps: 1, bolt: retracted, within: 2s}'), setup=ready(p), vars=VARS(p))
p = 'legacy2code'
st = flat('- call: factory_reset', '- wait: 1.5s', '- press: lock', REJ + '   # no code stored', '- expect_not: {bolt: moving, for: 2s}', OFF)
for i in range(4): st += ['- enter: "${wrong}"', '- press: lock', REJ + '   # no code: not a failure', OFF]
st += add(p, '${user}') + unlock() + lock()
write('lock/lock_no_code_legacy2code.yaml', 'legacy2code with no code stored: the keypad never moves the bolt', ['LB-LOCK-5', 'LB-LOCKOUT-2'], p, ['lock'], st, vars=VARS(p))
p = 'fourled'
st = flat('- log: "Program alone at power-on is not a reset"', '- power: off', '- hold: program', '- wait: 200ms', '- power: on', '- wait: 12s',
          '- expect_not: {leds: random, for: 1s}', '- release: program', '- expect_not: {beep: long, for: 8s}', '- wait: 3s', unlock(), lock(),
          '- log: "Lock opened for >= 50 ms before 10 s abandons"', '- power: off', '- hold: program', '- hold: lock', '- wait: 200ms', '- power: on', '- wait: 5s',
          '- release: lock', '- wait: 7s', '- expect_not: {leds: random, for: 1s}', '- release: program', '- expect_not: {beep: long, for: 8s}', '- wait: 3s', unlock(), lock(),
          '- log: "LB-RESET-9: a cut during RANDOM keeps the store"', '- power: off', '- hold: program', '- hold: lock', '- wait: 200ms', '- power: on',
          '- expect: {leds: random, within: 11s}', '- release: lock', '- release: program', '- wait: 4s', '- expect: {leds: random}', '- power: off', '- wait: 500ms', '- power: on',
          '- wait: 1.5s', unlock(), lock(),
          '- log: "LB-RESET-8: RANDOM 5.0 s after the later release, then RESET_OK"', '- power: off', '- hold: program', '- hold: lock', '- wait: 200ms', '- power: on',
          '- measure: {name: armed_after, until: {leds: random}, within: 11s, min: 9.95s, max: 10.2s}', '- release: lock', '- wait: 1s', '- release: program',
          '- measure: {name: random_then_reset_ok_long_beep, until: {leds: [green, green, amber, amber], beep: long}, within: 8s, min: 5.95s, max: 6.2s}   # RANDOM 5.0 s, then RESET_OK whose long beep is seen after 1 s',
          '- expect: {leds: [off, off, off, off], within: 1.5s}', rejected_code('${user}'))
write('reset/reset_two_buttons_fourled.yaml', 'fourled: Program + Lock from power-on, RANDOM, then RESET_OK; a cut during RANDOM keeps codes',
      ['LB-RESET-8', 'LB-RESET-9', 'LB-RESET-5'], p, ['reset'], st, setup=ready(p), vars=VARS(p))
p = 'generic'
st = flat('- hold: program', '- wait: 9.9s', '- release: program', '- expect: {led: amber, within: 300ms}   # an ordinary Program press: SESSION', '- expect_not: {beep: long, for: 3s}',
          '- wait: 8s', '- expect: {led: off}', unlock(), lock(),
          '- log: "a 15 s hold works like a 10.5 s one"', '- hold: program', '- wait: 15s', '- release: program',
          '- measure: {name: reset_ok, until: {beep: long}, within: 2s, max: 1.35s}', handing_ok('10s'), rejected_code('${user}'),
          '- call: set_master', '  with: {code: "${master}"}', '- call: add_user', '  with: {master: "${master}", code: "${user}"}',
          '- log: "LB-RESET-11: keypad reset"', auth(p), '- press: ["0", lock]', '- expect_not: {beeps: ">=1", for: 500ms}   # no beep',
          '- expect: {led: {color: amber, blinks: ">=2"}, within: 3s}   # PROMPT', '- enter: "${master}"', '- press: lock',
          '- measure: {name: keypad_reset_ok, until: {beep: long}, within: 2s, max: 1.35s}', handing_ok('10s'), rejected_code('${user}'),
          '- call: set_master', '  with: {code: "${master}"}', '- call: add_user', '  with: {master: "${master}", code: "${user}"}',
          '- log: "in lockout only the power-on variant works"', fail(5), '- hold: program', '- wait: 11s', '- release: program', '- expect_not: {beep: long, for: 3s}',
          '- power: off', '- hold: program', '- wait: 200ms', '- power: on', '- wait: 10.5s', '- release: program', '- expect: {beep: long, within: 1.4s}', handing_ok('10s'))
write('reset/reset_button_and_keypad_generic.yaml', 'generic: reset button held 10 s while powered, and the keypad reset', ['LB-RESET-10', 'LB-RESET-11', 'LB-RESET-5'], p, ['reset'], st,
      setup=ready(p), vars=VARS(p))
p = 'halo'
st = flat('- call: factory_reset', '- expect: {led: {color: blue, blinks: ">=2"}, within: 11s}   # UNPAIRED',
          '- press: program', '- wait: 300ms', '- expect_not: {led: blue, for: 9s}   # suppressed in a session', '- wait: 2s',
          '- call: set_master', '  with: {code: "${master}"}', '- call: add_user', '  with: {master: "${master}", code: "${user}"}',
          '- expect: {led: {color: blue, blinks: ">=1"}, within: 6s}   # no key sequence stops it',
          fail(5), '- expect_not: {led: blue, for: 30s}   # suppressed in lockout', power_cycle(),
          '- sim: {pairing: complete}', '- wait: 1s', '- expect_not: {led: blue, for: 12s}   # paired', power_cycle(), '- expect_not: {led: blue, for: 12s}   # the flag persists',
          '- call: factory_reset', '- expect: {led: {color: blue, blinks: ">=1"}, within: 5.5s}   # a reset clears the pairing flag')
write('pair/pair_unpaired_indication_halo.yaml', 'halo: UNPAIRED blinks blue until paired; a reset clears pairing', ['LB-PAIR-1', 'LB-PAIR-2', 'LB-PAIR-3', 'LB-LOCKOUT-4'], p, ['pair'],
      st, vars=VARS(p), requires=['sim'])
p = 'smartcode'
write('store/store_fault_fallback_smartcode.yaml', 'a store with no valid copy gives STORE_FAULT and the factory state', ['LB-STORE-5'], p, ['store'],
      flat('- power: off', '- sim: {store: corrupt}', '- wait: 200ms', '- power: on', '- expect: {beeps: 6, led: {color: amber, blinks: 5}, within: 4s}   # BOOT then STORE_FAULT',
           '- expect: {beeps: 2, led: {color: green, blinks: 2}, within: 8s}', rejected_code('${user}')),
      setup=ready(p), vars=VARS(p), requires=['sim'],
      header="""A power cut only ever tears one write, which the store survives by design
(LB-STORE-3); a store with no valid copy needs the bench to damage the
memory itself (`sim: {store: corrupt}`), while the lock is unpowered.""")
st = flat('- repeat:', '    times: 300', '    stop_on_failure: true', '    steps:',
          ['    ' + s for s in flat(auth(p), '- enter: "7777"', '- press: lock', ACC, OFF, auth(p), '- press: ["7", lock]', '- enter: "7777"', '- press: lock', ACC, OFF)],
          power_cycle(), unlock(), lock(), add(p, '7777'), unlock('7777'))
write('store/store_endurance_smartcode.yaml', 'the store takes repeated add/delete changes without loss (300-cycle smoke of LB-STORE-8)', ['LB-STORE-8', 'LB-STORE-1'], p,
      ['store', 'endurance'], st, setup=ready(p), vars=VARS(p),
      header="""LB-STORE-8 asks for 100 000 acknowledged changes. This default-suite
scenario does 600 (300 add/delete cycles) to stay within the suite's time
budget; run the same steps with times: 50000 for the full figure.""")

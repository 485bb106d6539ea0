// No console window behind the application on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    sokehoach_lib::run();
}

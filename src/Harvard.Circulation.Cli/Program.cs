using Harvard.Circulation.Cli;

return CircApp.Run(args, Console.Out, Console.Error);
